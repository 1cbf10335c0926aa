import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import type { SmsPurpose } from './sms.js';

/** A 6-digit SMS code from the CSPRNG. */
export const newSmsCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** Codes are kept as an HMAC bound to their phone and purpose, so a leaked table reveals none. */
export const smsCodeHash = (key: string, phone: string, purpose: SmsPurpose, code: string): string =>
  createHmac('sha256', key).update(`${purpose}\n${phone}\n${code}`).digest('hex');

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A refresh token: 256 random bits. Only its SHA-256 is stored. */
export const newRefreshToken = (): string => randomBytes(32).toString('base64url');
export const refreshTokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export const hashPassword = (password: string): Promise<string> => hash(password, { algorithm: Algorithm.Argon2id });

let dummyHash: Promise<string> | null = null;

/**
 * Checks a password against a stored hash. A missing user or one without a password still costs one
 * argon2 verification (against a throwaway hash), so the answer time does not tell which accounts exist.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verify(await dummyHash, password);
    return false;
  }
  return verify(stored, password);
}
