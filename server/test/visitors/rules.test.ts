import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/http/errors.js';
import { maskIdNumber, validateIdNumber, type IdType } from '../../src/modules/visitors/index.js';
import {
  decryptIdNumber,
  encryptIdNumber,
  hashIdNumber,
  idKeysOf,
} from '../../src/modules/visitors/id-crypto.js';
import { idCardCheckCode } from '../../src/modules/visitors/rules.js';
import { idCardNumber, idCardNumberEndingInX, withWrongCheckCode } from '../support/visitors.js';

/** The problem `validateIdNumber` reports, or 'ok' with the normalised number. */
function verdict(idType: IdType, value: string, today?: Date): string {
  try {
    return `ok ${validateIdNumber(idType, value, today)}`;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const domain = error as DomainError;
    expect(domain.code).toBe('INVALID_ID_NUMBER');
    expect(domain.details).toMatchObject({ field: 'idNumber', idType });
    // The number must never travel in the error, which reaches responses and logs.
    expect(domain.message).not.toContain(value.trim());
    expect(JSON.stringify(domain.details)).not.toContain(value.trim());
    return String(domain.details!.reason);
  }
}

describe('ID card numbers (GB 11643)', () => {
  it('accepts numbers whose check code matches, including the standard’s own example', () => {
    expect(verdict('id-card', '11010519491231002X')).toBe('ok 11010519491231002X');
    const generated = [
      idCardNumber(),
      idCardNumber({ region: '440305', birthDate: '20000229', sequence: 7 }),
      idCardNumber({ region: '650102', birthDate: '19000101', sequence: 999 }),
      idCardNumber({ region: '810000', birthDate: '19851231', sequence: 42 }),
    ];
    for (const number of generated) expect(verdict('id-card', number)).toBe(`ok ${number}`);
  });

  it('computes the check code with the weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 and codes 10X98765432', () => {
    expect(idCardCheckCode('11010519491231002')).toBe('X');
    for (let sequence = 0; sequence < 50; sequence += 1) {
      const number = idCardNumber({ sequence });
      expect(idCardCheckCode(number.slice(0, 17))).toBe(number[17]);
    }
  });

  it('refuses a wrong check digit', () => {
    expect(verdict('id-card', withWrongCheckCode(idCardNumber()))).toBe('checksum');
    expect(verdict('id-card', '110105194912310021')).toBe('checksum');
  });

  it('refuses a birth date that is not a real day, even with a matching check code', () => {
    expect(verdict('id-card', idCardNumber({ birthDate: '19990230' }))).toBe('birth-date');
    expect(verdict('id-card', idCardNumber({ birthDate: '19001301' }))).toBe('birth-date');
    expect(verdict('id-card', idCardNumber({ birthDate: '19000229' }))).toBe('birth-date');
    expect(verdict('id-card', idCardNumber({ birthDate: '18991231' }))).toBe('birth-date');
    expect(verdict('id-card', idCardNumber({ birthDate: '19990100' }))).toBe('birth-date');
  });

  it('refuses a birth date after today (China time) when today is given', () => {
    const today = new Date('2026-11-20T20:00:00Z'); // 2026-11-21 04:00 in Beijing
    expect(verdict('id-card', idCardNumber({ birthDate: '20261121' }), today)).toBe(
      `ok ${idCardNumber({ birthDate: '20261121' })}`,
    );
    expect(verdict('id-card', idCardNumber({ birthDate: '20261122' }), today)).toBe('birth-date');
  });

  it('refuses an implausible region code', () => {
    expect(verdict('id-card', idCardNumber({ region: '000000' }))).toBe('region');
    expect(verdict('id-card', idCardNumber({ region: '990101' }))).toBe('region');
    expect(verdict('id-card', idCardNumber({ region: '101010' }))).toBe('region');
  });

  it('refuses a wrong length and a letter anywhere but the check code', () => {
    const number = idCardNumber();
    expect(verdict('id-card', number.slice(0, 17))).toBe('length');
    expect(verdict('id-card', `${number}1`)).toBe('length');
    expect(verdict('id-card', '110101900307123')).toBe('length'); // the old 15-digit cards are no longer valid
    expect(verdict('id-card', `X${number.slice(1)}`)).toBe('format');
    expect(verdict('id-card', `${number.slice(0, 10)} ${number.slice(11)}`)).toBe('format');
  });

  it('accepts a lower-case x and normalises it to X; spaces around the number are dropped', () => {
    const withX = idCardNumberEndingInX();
    expect(verdict('id-card', withX.toLowerCase())).toBe(`ok ${withX}`);
    expect(verdict('id-card', `  ${withX} `)).toBe(`ok ${withX}`);
  });
});

describe('other ID documents', () => {
  it('passport: 5 to 20 letters and digits, upper-cased', () => {
    expect(verdict('passport', 'e12345678')).toBe('ok E12345678');
    expect(verdict('passport', 'AB123')).toBe('ok AB123');
    expect(verdict('passport', 'A'.repeat(20))).toBe(`ok ${'A'.repeat(20)}`);
    expect(verdict('passport', 'AB12')).toBe('length');
    expect(verdict('passport', 'A'.repeat(21))).toBe('length');
    expect(verdict('passport', 'E1234-5678')).toBe('format');
    expect(verdict('passport', 'E1234 5678')).toBe('format');
  });

  it('hk-macao-permit: H or M, then 8 or 10 digits', () => {
    expect(verdict('hk-macao-permit', 'H12345678')).toBe('ok H12345678');
    expect(verdict('hk-macao-permit', 'm1234567890')).toBe('ok M1234567890');
    expect(verdict('hk-macao-permit', 'H123456789')).toBe('format');
    expect(verdict('hk-macao-permit', 'X12345678')).toBe('format');
    expect(verdict('hk-macao-permit', 'H1234567')).toBe('length');
  });

  it('taiwan-permit: 8 digits', () => {
    expect(verdict('taiwan-permit', '12345678')).toBe('ok 12345678');
    expect(verdict('taiwan-permit', '1234567')).toBe('length');
    expect(verdict('taiwan-permit', '1234567A')).toBe('format');
  });

  it('foreigner-permit: 15 characters, a nationality code and 12 digits', () => {
    expect(verdict('foreigner-permit', 'usa110085060112')).toBe('ok USA110085060112');
    expect(verdict('foreigner-permit', 'USA11008506011')).toBe('length');
    expect(verdict('foreigner-permit', '123110085060112')).toBe('format');
  });
});

describe('masking', () => {
  it('keeps the first 6 and last 4 of an ID card', () => {
    expect(maskIdNumber('id-card', '11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('id-card', '110101199003071234')).toBe('110101********1234');
  });

  it('keeps the first 2 and last 2 of other documents', () => {
    expect(maskIdNumber('passport', 'E12345678')).toBe('E1*****78');
    expect(maskIdNumber('passport', 'AB123')).toBe('AB*23');
    expect(maskIdNumber('hk-macao-permit', 'H1234567890')).toBe('H1*******90');
    expect(maskIdNumber('taiwan-permit', '12345678')).toBe('12****78');
    expect(maskIdNumber('foreigner-permit', 'USA110085060112')).toBe('US***********12');
  });
});

describe('sealing and hashing', () => {
  const master = randomBytes(32);
  const keys = idKeysOf(master);

  it('derives two different keys, neither the configured one', () => {
    expect(keys.encryption.equals(keys.hashing)).toBe(false);
    expect(keys.encryption.equals(master)).toBe(false);
    expect(keys.hashing.equals(master)).toBe(false);
    expect(idKeysOf(Buffer.from(master)).encryption.equals(keys.encryption)).toBe(true);
  });

  it('encrypts as iv ‖ tag ‖ ciphertext with a fresh iv, and decrypts back', () => {
    const id = randomUUID();
    const number = idCardNumber();
    const first = encryptIdNumber(keys, id, number);
    const second = encryptIdNumber(keys, id, number);
    expect(first.length).toBe(12 + 16 + number.length);
    expect(first.equals(second)).toBe(false);
    expect(first.toString('latin1')).not.toContain(number);
    expect(decryptIdNumber(keys, id, first)).toBe(number);
    expect(decryptIdNumber(keys, id, second)).toBe(number);
  });

  it('refuses a ciphertext moved to another visitor, tampered with, or read with another key', () => {
    const id = randomUUID();
    const sealed = encryptIdNumber(keys, id, idCardNumber());
    expect(() => decryptIdNumber(keys, randomUUID(), sealed)).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => decryptIdNumber(keys, id, tampered)).toThrow();
    expect(() => decryptIdNumber(idKeysOf(randomBytes(32)), id, sealed)).toThrow();
  });

  it('hashes the same ID the same way, keyed and per document type', () => {
    const number = idCardNumber();
    const hash = hashIdNumber(keys, 'id-card', number);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashIdNumber(keys, 'id-card', number)).toBe(hash);
    expect(hashIdNumber(keys, 'passport', number)).not.toBe(hash);
    expect(hashIdNumber(idKeysOf(randomBytes(32)), 'id-card', number)).not.toBe(hash);
  });
});
