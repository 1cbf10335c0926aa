import { registerErrorCodes } from '../../http/errors.js';

/** The passes module's error codes and their HTTP statuses. */
export const PASSES_ERROR_CODES = {
  /**
   * The pass cannot book this session: `details.reason` is not-active (not paid yet), cancelled,
   * expired (past its last valid day, or unpaid in time), not-yet-valid, wrong-venue, wrong-production
   * (the product admits to one production only) or not-timed-entry (passes book entry slots only).
   */
  PASS_NOT_VALID: 422,
  /** The pass has booked a session on that local day already: one booking per pass per day. */
  PASS_ALREADY_BOOKED: 409,
  /** Every entry of the pass is booked (`details.totalEntries`). */
  PASS_ENTRIES_USED_UP: 422,
  /** A pass books one place for its holder: tiers with quantity 1, no ticketTypes or visitorIds. */
  PASS_ONE_PLACE: 422,
  /** Only a pending pass can be cancelled or paid for; `details.status` is its status. */
  PASS_NOT_PENDING: 409,
} as const;

registerErrorCodes(PASSES_ERROR_CODES);
