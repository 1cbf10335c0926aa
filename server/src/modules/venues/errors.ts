import { registerErrorCodes } from '../../http/errors.js';

/** The venues module's error codes, with their HTTP status. */
export const VENUE_ERROR_CODES = {
  /** The user already has an application waiting for review; one at a time. */
  APPLICATION_PENDING: 409,
  /** The merchant or venue was already approved or rejected (only pending ones are reviewed). */
  ALREADY_REVIEWED: 409,
  /** The city code is not in the platform's city list (GB/T 2260). */
  UNKNOWN_CITY: 422,
  /** The time zone is not an IANA zone name, e.g. `Asia/Shanghai`. */
  INVALID_TIMEZONE: 422,
  /** The venue already has a hall with this name. */
  HALL_NAME_TAKEN: 409,
  /**
   * The seat map breaks a rule: `details.cells` lists `{row, col, problem}` per bad cell,
   * `details.map` the problems of the map as a whole (size, no seats). See rules/seat-map.ts.
   */
  SEAT_MAP_INVALID: 422,
  /** No user signs in with this username or phone. */
  UNKNOWN_USER: 422,
  /** The change would leave the merchant without an owner. */
  LAST_OWNER: 422,
} as const;

registerErrorCodes(VENUE_ERROR_CODES);
