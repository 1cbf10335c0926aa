import { registerErrorCodes } from '../../http/errors.js';

/** The visitors module's own error codes, with their HTTP status. */
export const VISITORS_ERROR_CODES = {
  /**
   * The ID number is not a valid number of its ID type. `details.field` names the field, `details.idType`
   * the type and `details.reason` what is wrong: length | format | region | birth-date | checksum.
   * The number itself is never echoed.
   */
  INVALID_ID_NUMBER: 422,
  /** The customer already has a (live) visitor with this ID; `details.visitorId` names it. */
  VISITOR_EXISTS: 409,
  /** The customer has the maximum number of visitors (`details.limit`); delete one first. */
  VISITOR_LIMIT: 422,
  /** One request names the same visitor, or the same ID number, twice (`details.visitorIds`). */
  VISITOR_DUPLICATE: 422,
} as const;

registerErrorCodes(VISITORS_ERROR_CODES);
