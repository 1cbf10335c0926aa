import { DomainError } from '../../../http/errors.js';
import type { ModuleDeps } from '../../../app.js';
import '../errors.js';
import { SIGN_IN_WINDOW_SECONDS, accountKeyOf, invalidInput, normalizePhone } from '../rules.js';
import { findUserByPhone, findUserByUsername } from '../repo/users.js';
import { verifyPassword } from '../secrets.js';
import type { LoginBody, Session } from '../schemas.js';
import { openSession } from './sessions.js';
import { useSmsCode } from './sms-codes.js';

/** One answer for every wrong username, phone, password or code: it must not tell which was wrong. */
const invalidCredentials = () =>
  new DomainError('INVALID_CREDENTIALS', 'The sign-in details are not right');

function checkShape(input: LoginBody): void {
  if ((input.username === undefined) === (input.phone === undefined)) {
    throw invalidInput('body.username', 'or body.phone: give exactly one of them');
  }
  if ((input.password === undefined) === (input.code === undefined)) {
    throw invalidInput('body.password', 'or body.code: give exactly one of them');
  }
  if (input.code !== undefined && input.phone === undefined) {
    throw invalidInput('body.code', 'signs in with a phone, not a username');
  }
  if (input.merchantId !== undefined && input.portal !== 'merchant') {
    throw invalidInput('body.merchantId', 'is only for the merchant portal');
  }
}

/**
 * Signs in to one portal with username or phone plus password, or phone plus a login code. Each account
 * has its own attempt budget; a missing account costs the same password check as a present one.
 */
export async function signIn(deps: ModuleDeps, input: LoginBody): Promise<Session> {
  checkShape(input);
  await deps.rateLimit(
    { bucket: 'sign-in-account', limit: deps.config.rateLimitPerAccount, windowSeconds: SIGN_IN_WINDOW_SECONDS },
    accountKeyOf(input),
  );
  const db = deps.database.db;
  const phone = input.phone === undefined ? undefined : normalizePhone(input.phone);
  const options = { portal: input.portal, merchantId: input.merchantId ?? null, strict: true };

  if (input.password !== undefined) {
    const user = phone === undefined ? await findUserByUsername(db, input.username!) : await findUserByPhone(db, phone);
    const matches = await verifyPassword(user?.password_hash ?? null, input.password);
    if (!user || !matches) throw invalidCredentials();
    return db.transaction((tx) => openSession(deps, tx, user, options));
  }

  const now = deps.clock.now();
  const session = await db.transaction(async (tx) => {
    if (!(await useSmsCode(tx, deps.config.jwtSecret, { phone: phone!, purpose: 'login', code: input.code!, now }))) {
      return null;
    }
    const user = await findUserByPhone(tx, phone!);
    return user && openSession(deps, tx, user, options);
  });
  if (!session) throw invalidCredentials();
  return session;
}
