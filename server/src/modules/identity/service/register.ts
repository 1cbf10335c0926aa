import { DomainError } from '../../../http/errors.js';
import type { ModuleDeps } from '../../../app.js';
import '../errors.js';
import { normalizePhone } from '../rules.js';
import { lockPhoneCodes } from '../repo/codes.js';
import { insertUser, phoneIsRegistered } from '../repo/users.js';
import { hashPassword } from '../secrets.js';
import type { RegisterBody, Session } from '../schemas.js';
import { openSession } from './sessions.js';
import { useSmsCode } from './sms-codes.js';

/**
 * Registers a customer with a register code and signs them in to the customer portal. The unique
 * indexes decide USERNAME_TAKEN and PHONE_TAKEN; the code is used up in the same transaction as the
 * insert, so a refused registration leaves the code usable. Registrations of one phone queue on a lock,
 * so of parallel attempts exactly one wins and the others see PHONE_TAKEN.
 */
export async function registerCustomer(deps: ModuleDeps, input: RegisterBody): Promise<Session> {
  const phone = normalizePhone(input.phone);
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  const session = await deps.database.db.transaction(async (tx) => {
    await lockPhoneCodes(tx, phone, 'register');
    if (await phoneIsRegistered(tx, phone)) {
      throw new DomainError('PHONE_TAKEN', 'This phone number is registered already');
    }
    if (!(await useSmsCode(tx, deps.config.jwtSecret, { phone, purpose: 'register', code: input.code, now }))) {
      return null;
    }
    const user = await insertUser(tx, { username: input.username, phone, passwordHash, nickname: null, now });
    return openSession(deps, tx, user, { portal: 'customer', strict: true });
  });
  if (!session) throw new DomainError('INVALID_CODE', 'The code is wrong, expired or used; ask for a new one');
  return session;
}
