import { registerErrorCodes } from '../../http/errors.js';

/**
 * The identity module's own error codes. The sign-in codes every portal shares (INVALID_CREDENTIALS,
 * INVALID_CODE, TOKEN_REUSED, INVALID_TOKEN, ACCOUNT_DISABLED, USERNAME_TAKEN, PHONE_TAKEN, EMAIL_TAKEN)
 * are in the core catalogue of http/errors.ts.
 */
export const IDENTITY_ERROR_CODES = {
  /** A role names a permission code that is not in the catalogue; `details.codes` lists them. */
  UNKNOWN_PERMISSION: 422,
  /** A merchant-scoped role may hold only `merchant.*` permissions, a platform role none of them. */
  PERMISSION_SCOPE_MISMATCH: 422,
  /** A grant names a role that does not exist; `details.roleIds` lists them. */
  UNKNOWN_ROLE: 422,
  /** A grant of a merchant role lacks its `merchantId`, or a platform role has one. */
  ROLE_SCOPE_MISMATCH: 422,
  /** A group lists a member who is not a user; `details.userIds` lists them. */
  UNKNOWN_USER: 422,
  /** Built-in roles keep their name and permissions (code defines them) and cannot be deleted. */
  BUILT_IN_ROLE: 422,
  /** Another role has this name (names are unique, case-insensitively). */
  ROLE_NAME_TAKEN: 409,
  /** Another group has this name (names are unique, case-insensitively). */
  GROUP_NAME_TAKEN: 409,
  /** An administrator tried to disable their own account, which would lock them out. */
  CANNOT_DISABLE_SELF: 422,
  /** The signed-in user asked to reset the password of a phone that is not theirs. */
  PHONE_MISMATCH: 422,
  /** The QR login request passed its two minutes; the browser must show a new code. */
  QR_LOGIN_EXPIRED: 422,
  /** The QR login request was approved already (by this or another phone). */
  QR_LOGIN_ALREADY_CONFIRMED: 409,
} as const;

registerErrorCodes(IDENTITY_ERROR_CODES);
