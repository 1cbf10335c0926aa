import { registerErrorCodes } from '../../http/errors.js';

/** The catalogue's own error codes, with their HTTP status. */
export const CATALOG_ERROR_CODES = {
  /** A category code is not in the category table, or is not used for this production's kind (`details.codes`). */
  UNKNOWN_CATEGORY: 422,
  /** `companyId` names no company. */
  UNKNOWN_COMPANY: 422,
  /** A `people[].personId` names no person (`details.personIds`). */
  UNKNOWN_PERSON: 422,
  /** The same person appears twice in `people` with the same role. */
  DUPLICATE_CREDIT: 422,
  /** Merchants sell performances and exhibitions; movies come only from the platform's catalogue. */
  MOVIE_IS_PLATFORM_CATALOGUE: 422,
  /**
   * The production's status does not allow changing these fields (`details.status`, `details.fields`):
   * once submitted or published only the synopsis and poster change; the kind is fixed after draft.
   */
  PRODUCTION_LOCKED: 422,
  /** The status change is not allowed from the current status (`details.from`, `details.to`). */
  INVALID_STATUS_TRANSITION: 409,
} as const;

registerErrorCodes(CATALOG_ERROR_CODES);
