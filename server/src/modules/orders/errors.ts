import { registerErrorCodes } from '../../http/errors.js';

/**
 * The orders module's error codes and their HTTP statuses. Holding places also answers the inventory's
 * SEAT_UNAVAILABLE, SOLD_OUT, ORPHAN_SEAT, COUPLE_SEAT_SPLIT, SEAT_NOT_FOUND and HOLD_BUSY, the
 * visitors' VISITOR_DUPLICATE, and scheduling's MODE_MISMATCH (a field the session's mode does not take).
 */
export const ORDERS_ERROR_CODES = {
  /**
   * The session is not on sale now: `details.reason` is not-open (before `salesOpenAt`), closed (from
   * `salesCloseAt`), started, or cancelled.
   */
  SALES_CLOSED: 422,
  /**
   * The session's per-customer rule refuses the order: `details.rule` is max-tickets (with
   * `maxTicketsPerUser`, `alreadyHeld`, `requested`) or one-order (the customer has a live order for it).
   * Pending (unexpired) and paid orders count.
   */
  LIMIT_EXCEEDED: 422,
  /** A real-name session needs one visitor per ticket: `details.required` and `details.given`. */
  VISITOR_REQUIRED: 422,
  /**
   * An ID number already has a valid ticket (or a live hold) for this session, whoever bought it:
   * `details.visitorIds` are the visitors concerned, when still known.
   */
  VISITOR_ALREADY_HOLDS_TICKET: 409,
  /** A ticket type the session does not sell; `details.types` lists them. */
  UNKNOWN_TICKET_TYPE: 422,
  /** Ticket-type quantities must add up to the places asked for: `details.expected`, `details.given`. */
  TICKET_COUNT_MISMATCH: 422,
  /** A tier that is not one of the session's; `details.tierIds` lists them. */
  TIER_NOT_FOUND: 422,
  /** Only a pending order (within its hold) can be cancelled; `details.status` is its status. */
  ORDER_NOT_PENDING: 409,
  /**
   * Refunds close `refundCutoffMinutes` (the session policy) before the session starts: `details.cutoffAt`.
   * The merchant's box office may still refund.
   */
  REFUND_CLOSED: 422,
  /** Only a paid (or partly refunded) order can be refunded; `details.status` is its status. */
  ORDER_NOT_PAID: 409,
  /** Only a finished order (cancelled, expired, completed, refunded) can be hidden; `details.status`. */
  ORDER_NOT_FINISHED: 409,
} as const;

registerErrorCodes(ORDERS_ERROR_CODES);
