import type { Db } from '../../../db/client.js';
import { DomainError } from '../../../http/errors.js';
import type { ModuleDeps } from '../../../app.js';
import type { SmsPurpose } from '../sms.js';
import { CODE_TTL_SECONDS, codeVerdict, normalizePhone, resendWaitSeconds } from '../rules.js';
import { burnTry, consumeCode, deleteCode, insertCode, lastSentAt, lockNewestCode, lockPhoneCodes } from '../repo/codes.js';
import { phoneIsRegistered } from '../repo/users.js';
import { dateOf, dateOrNull } from '../repo/sql.js';
import { newSmsCode, sameHash, smsCodeHash } from '../secrets.js';

export interface SmsCodeSent {
  expiresIn: number;
  debugCode?: string;
}

/**
 * Sends a 6-digit code, at most once a minute per phone and purpose. A register code for a phone
 * that has an account answers PHONE_TAKEN. Login and reset codes for a phone without an account are
 * stored but not sent, and the answer looks the same, so the endpoint does not tell who has an account.
 */
export async function sendSmsCode(
  deps: Pick<ModuleDeps, 'database' | 'clock' | 'config' | 'sms'>,
  input: { phone: string; purpose: SmsPurpose },
): Promise<SmsCodeSent> {
  const phone = normalizePhone(input.phone);
  const code = newSmsCode();
  const now = deps.clock.now();
  const { id, registered } = await deps.database.db.transaction(async (tx) => {
    await lockPhoneCodes(tx, phone, input.purpose);
    const registered = await phoneIsRegistered(tx, phone);
    if (input.purpose === 'register' && registered) {
      throw new DomainError('PHONE_TAKEN', 'This phone number is registered already');
    }
    const last = await lastSentAt(tx, phone, input.purpose);
    const wait = resendWaitSeconds(last === null ? null : dateOf(last), now);
    if (wait > 0) {
      const message = `A code was sent to this phone just now; try again in ${wait} s`;
      throw new DomainError('RATE_LIMITED', message, { retryAfter: wait }, wait);
    }
    const id = await insertCode(tx, {
      phone,
      purpose: input.purpose,
      codeHash: smsCodeHash(deps.config.jwtSecret, phone, input.purpose, code),
      expiresAt: new Date(now.getTime() + CODE_TTL_SECONDS * 1000),
      now,
    });
    return { id, registered };
  });
  const deliver = input.purpose === 'register' || registered;
  if (deliver) {
    try {
      await deps.sms.sendCode(phone, code, input.purpose);
    } catch (error) {
      // The code never reached the phone: drop it so the one-a-minute rule does not block a retry.
      await deleteCode(deps.database.db, id);
      throw error;
    }
  }
  return { expiresIn: CODE_TTL_SECONDS, ...(deliver && deps.sms.revealsCodes ? { debugCode: code } : {}) };
}

/**
 * In the caller's transaction: whether `code` is the phone's newest live code for `purpose`, which is
 * then used up. The code row stays locked until the transaction ends, so tries of one code queue up.
 * A wrong guess burns one of its five tries; that only sticks if the caller commits, so callers return
 * a failure from their transaction and throw after it.
 */
export async function useSmsCode(
  db: Db,
  secret: string,
  input: { phone: string; purpose: SmsPurpose; code: string; now: Date },
): Promise<boolean> {
  const stored = await lockNewestCode(db, input.phone, input.purpose);
  const matches =
    stored !== null && sameHash(stored.code_hash, smsCodeHash(secret, input.phone, input.purpose, input.code));
  const code = stored && {
    attempts: stored.attempts,
    expiresAt: dateOf(stored.expires_at),
    consumedAt: dateOrNull(stored.consumed_at),
  };
  const verdict = codeVerdict(code, matches, input.now);
  if (verdict === 'wrong') await burnTry(db, stored!.id);
  if (verdict !== 'valid') return false;
  return consumeCode(db, stored!.id, input.now);
}
