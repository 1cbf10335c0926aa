import { registerErrorCodes } from '../../../http/errors.js';

/** The error codes of holding places, and their HTTP statuses. */
export const HOLD_ERROR_CODES = {
  /** A requested seat is held, sold or blocked; `details.seatIds` lists every such seat (hall order). */
  SEAT_UNAVAILABLE: 409,
  /**
   * Not enough free places: a tier or entry pool has fewer than asked (`details.tierId`, `details.available`,
   * `details.requested`), or no block of `details.quantity` seats side by side is free (best available).
   */
  SOLD_OUT: 409,
  /** The choice would leave a free seat alone between taken seats or an aisle; `details.seatIds` are those seats. */
  ORPHAN_SEAT: 422,
  /** A couple seat is asked for without its free partner; `details.seatIds` are the partners to add. */
  COUPLE_SEAT_SPLIT: 422,
  /** Seat ids that are no seat of this session; `details.seatIds` lists them, in request order. */
  SEAT_NOT_FOUND: 422,
  /**
   * Other buyers kept the places locked longer than a hold waits (or the database broke a lock cycle):
   * nothing was held; retry after `Retry-After` seconds.
   */
  HOLD_BUSY: 503,
} as const;

registerErrorCodes(HOLD_ERROR_CODES);
