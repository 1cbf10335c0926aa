import { registerErrorCodes } from '../../http/errors.js';

/** The inventory module's error codes and their HTTP statuses. */
export const INVENTORY_ERROR_CODES = {
  /** The session sells tiers or entry places, not seats: it has no seat map. */
  NOT_SEATED: 422,
} as const;

registerErrorCodes(INVENTORY_ERROR_CODES);
