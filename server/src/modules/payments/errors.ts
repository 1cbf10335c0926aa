import { registerErrorCodes } from '../../http/errors.js';

/** The payments module's error codes and their HTTP statuses. */
export const PAYMENTS_ERROR_CODES = {
  /** The provider asked for is not set up on this server (its keys are not configured): `details.provider`. */
  PROVIDER_NOT_CONFIGURED: 422,
  /** The provider did not answer, or refused to open the payment; nothing was charged. Retry later. */
  PROVIDER_UNAVAILABLE: 502,
  /** A subject may open only so many payments (each extends its hold): `details.limit`. */
  TOO_MANY_PAYMENTS: 409,
  /** The subject has no paid payment to refund against, or nothing of it is left to refund: `details.reason`. */
  NOTHING_TO_REFUND: 422,
  /** A refund would return more than was paid: `details.paid`, `details.refunded`, `details.requested`. */
  REFUND_EXCEEDS_PAYMENT: 422,
} as const;

registerErrorCodes(PAYMENTS_ERROR_CODES);
