import { registerErrorCodes } from '../../http/errors.js';

/** The scheduling module's error codes and their HTTP statuses. */
export const SCHEDULING_ERROR_CODES = {
  /** The production is not published (draft, in review or archived): nothing can be sold for it yet. */
  PRODUCTION_NOT_PUBLISHED: 422,
  /** A movie needs the merchant's screening licence covering the session's local date. */
  LICENCE_REQUIRED: 422,
  /** The venue is not approved by the platform yet. */
  VENUE_NOT_APPROVED: 422,
  /** The hall is taken then (with the venue's cleaning buffer); `details.sessionId` is the other session. */
  HALL_BUSY: 409,
  /** Seat categories of the hall's map without a price; `details.categories` lists them. */
  PRICE_MISSING: 422,
  /** Prices for seat categories the hall's map does not have; `details.categories` lists them. */
  UNKNOWN_CATEGORY: 422,
  /** A field that the session's mode does not take, or one it needs is missing; `details.field` says which. */
  MODE_MISMATCH: 422,
  /** The start is past, or the end is not after the start; `details.field` says which. */
  INVALID_TIMES: 422,
  /** Sales would close before they open, or after the session ends. */
  INVALID_SALES_WINDOW: 422,
  /** Ticket types do not fit the mode (price or discount), lack the adult type, or discount too much. */
  TICKET_TYPES_INVALID: 422,
  /** The same category, tier, ticket type or slot twice; `details.field` and `details.value` say which. */
  DUPLICATE_ENTRY: 422,
  /** Not an ISO 4217 currency code. */
  UNKNOWN_CURRENCY: 422,
  /** More places than one session may have. */
  CAPACITY_TOO_LARGE: 422,
  /** Sales have opened: the session's times, prices and policy are fixed now. */
  SESSION_LOCKED: 422,
  /** The session is cancelled: it can no longer change. */
  SESSION_CANCELLED: 409,
  /** A tier's capacity is fixed once created (its places exist); `details.tierId` names it. */
  CAPACITY_NOT_EDITABLE: 422,
  /** A PATCH names a tier the session does not have; `details.tierId` names it. */
  UNKNOWN_TIER: 422,
  /** `to` is before `from`, or `from` is in the past. */
  INVALID_DATE_RANGE: 422,
  /** Entry quotas open at most 366 days at once. */
  DATE_RANGE_TOO_LONG: 422,
  /** One request would create too many entry places; the `open-quotas` command has no such limit. */
  QUOTA_TOO_LARGE: 422,
} as const;

registerErrorCodes(SCHEDULING_ERROR_CODES);
