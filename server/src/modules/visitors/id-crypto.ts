import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { IdType } from './rules.js';

/**
 * Two keys derived from the one configured ID key (HKDF-SHA256, distinct `info`), so the lookup hash
 * and the encryption never share key material: leaking one use's key does not give away the other.
 */
export interface IdKeys {
  encryption: Buffer;
  hashing: Buffer;
}

const SALT = 'boxoffice/visitors';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const derived = new WeakMap<Buffer, IdKeys>();

export function idKeysOf(masterKey: Buffer): IdKeys {
  let keys = derived.get(masterKey);
  if (!keys) {
    keys = {
      encryption: Buffer.from(hkdfSync('sha256', masterKey, SALT, 'id-number encryption v1', 32)),
      hashing: Buffer.from(hkdfSync('sha256', masterKey, SALT, 'id-number lookup hash v1', 32)),
    };
    derived.set(masterKey, keys);
  }
  return keys;
}

/**
 * HMAC-SHA256 of `idType:number` (normalised), hex. The same person's ID hashes the same for every
 * customer, which is what "one ticket per ID number per session" needs; without the key it cannot be
 * recomputed from a guessed number.
 */
export function hashIdNumber(keys: IdKeys, idType: IdType, idNumber: string): string {
  return createHmac('sha256', keys.hashing).update(`${idType}:${idNumber}`).digest('hex');
}

/**
 * AES-256-GCM with a fresh random iv; the result is iv ‖ tag ‖ ciphertext. The visitor's id is the
 * additional authenticated data, so a ciphertext copied onto another row does not decrypt there.
 */
export function encryptIdNumber(keys: IdKeys, visitorId: string, idNumber: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv);
  cipher.setAAD(Buffer.from(visitorId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(idNumber, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** The inverse of `encryptIdNumber`; throws if the data or the key do not match (tampering, wrong key). */
export function decryptIdNumber(keys: IdKeys, visitorId: string, sealed: Buffer): string {
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', keys.encryption, iv);
  decipher.setAAD(Buffer.from(visitorId, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
