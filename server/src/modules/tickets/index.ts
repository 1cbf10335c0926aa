import './errors.js';

/**
 * The tickets module: one ticket per sold place of a paid order, a signed QR for each, check-in at the
 * door (online and from offline scanners). Other modules use only what this file exports.
 */
export {
  findTicketsOfOrder,
  issueTickets,
  refundTickets,
  type OrderToTicket,
  type TicketSummary,
  type TicketToIssue,
} from './service/issue.js';
export type { TicketStatus } from './rules.js';
