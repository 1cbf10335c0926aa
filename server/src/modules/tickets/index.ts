import './errors.js';
import type { App, ModuleDeps } from '../../app.js';
import { customerTicketRoutes, merchantCheckInRoutes, publicKeyRoutes } from './routes.js';
import type { TicketsContext } from './service/context.js';
import { ticketSigner } from './signing.js';

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
export { inspectCode, ticketSigner, type CodeInspection, type TicketPayload, type TicketSigner } from './signing.js';

/**
 * Routes: GET /api/tickets[/{id}], GET /api/tickets/public-key, POST /api/merchant/check-ins[/offline],
 * GET /api/merchant/sessions/{id}/manifest.
 */
export function ticketsModule(deps: ModuleDeps) {
  const ctx: TicketsContext = { db: deps.database.db, clock: deps.clock, signer: ticketSigner(deps.config.ticketSigningKey) };
  return async function ticketsRoutes(app: App): Promise<void> {
    await app.register(publicKeyRoutes(ctx));
    await app.register(customerTicketRoutes(deps, ctx));
    await app.register(merchantCheckInRoutes(deps, ctx));
  };
}
