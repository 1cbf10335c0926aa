import { DomainError, notFound } from '../../../http/errors.js';
import type { Actor } from '../../../http/actor.js';
import type { ModuleDeps } from '../../../app.js';
import '../errors.js';
import { normalizePhone } from '../rules.js';
import { findUserById, findUserByPhone, updatePassword, updateProfile } from '../repo/users.js';
import { revokeUserFamilies } from '../repo/sessions.js';
import { hashPassword } from '../secrets.js';
import type { PasswordResetBody, ProfileBody, User } from '../schemas.js';
import { useSmsCode } from './sms-codes.js';
import { userView } from './views.js';

/** The signed-in user, whichever portal they signed in to: identity is shared. */
export async function getMe(deps: Pick<ModuleDeps, 'database'>, actor: Actor): Promise<User> {
  const user = await findUserById(deps.database.db, actor.userId);
  if (!user) throw notFound('User');
  return userView(user);
}

/** Changes nickname, email or avatar; `null` clears one. An email of another account is EMAIL_TAKEN. */
export async function updateMe(
  deps: Pick<ModuleDeps, 'database' | 'clock'>,
  actor: Actor,
  patch: ProfileBody,
): Promise<User> {
  const user = await updateProfile(deps.database.db, actor.userId, patch, deps.clock.now());
  if (!user) throw notFound('User');
  return userView(user);
}

/**
 * Sets a new password with a reset-password code sent to the account's phone. Works signed out (a
 * forgotten password); signed in, the phone must be the user's own. Every session of the user ends.
 */
export async function resetPassword(deps: ModuleDeps, actor: Actor | null, input: PasswordResetBody): Promise<void> {
  const db = deps.database.db;
  const phone = normalizePhone(input.phone);
  if (actor) {
    const self = await findUserById(db, actor.userId);
    if (self?.phone !== phone) {
      throw new DomainError('PHONE_MISMATCH', 'Signed in, you can only reset the password of your own phone');
    }
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  const done = await db.transaction(async (tx) => {
    if (!(await useSmsCode(tx, deps.config.jwtSecret, { phone, purpose: 'reset-password', code: input.code, now }))) {
      return false;
    }
    const user = await findUserByPhone(tx, phone);
    if (!user) return false;
    if (user.status !== 'active') throw new DomainError('ACCOUNT_DISABLED', 'This account is disabled');
    await updatePassword(tx, user.id, passwordHash, now);
    await revokeUserFamilies(tx, user.id, now);
    return true;
  });
  if (!done) throw new DomainError('INVALID_CODE', 'The code is wrong, expired or used; ask for a new one');
}
