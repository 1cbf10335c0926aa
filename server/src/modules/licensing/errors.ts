import { registerErrorCodes } from '../../http/errors.js';

/** The licensing module's error codes, with their HTTP status. */
export const LICENSING_ERROR_CODES = {
  /**
   * Licences are for the platform's published movies only; `details.reason` says what the production
   * is instead: `not-a-movie`, `merchant-production` or `not-published`.
   */
  NOT_A_PLATFORM_MOVIE: 422,
  /** The licence's `from` date is after its `to` date. */
  INVALID_PERIOD: 422,
  /** The licence was revoked already. */
  LICENCE_REVOKED: 409,
} as const;

registerErrorCodes(LICENSING_ERROR_CODES);
