import { registerErrorCodes } from '../../http/errors.js';

/**
 * The tickets module's error codes and their HTTP statuses. Check-in answers are results, not errors:
 * a ticket that does not admit is a normal answer of POST /api/merchant/check-ins.
 */
export const TICKETS_ERROR_CODES = {
  /**
   * A refund named a ticket that has been used at the door (or, for a multi-entry ticket, has admitted
   * once): `details.ticketIds` lists them. Nothing is refunded.
   */
  TICKET_USED: 422,
} as const;

registerErrorCodes(TICKETS_ERROR_CODES);
