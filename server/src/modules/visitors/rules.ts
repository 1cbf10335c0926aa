import { DomainError } from '../../http/errors.js';

/** The ID documents a real-name visitor may hold. */
export const ID_TYPES = ['id-card', 'passport', 'hk-macao-permit', 'taiwan-permit', 'foreigner-permit'] as const;
export type IdType = (typeof ID_TYPES)[number];

/** How many live visitors one customer may keep. */
export const VISITOR_LIMIT = 20;

export type IdNumberProblem = 'length' | 'format' | 'region' | 'birth-date' | 'checksum';

/** GB 11643-1999: the weights of the first 17 digits and the check code for each sum modulo 11. */
const ID_CARD_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CARD_CHECK_CODES = '10X98765432';

/**
 * GB/T 2260 province-level codes, plus 81/82/83 which the residence permits of Hong Kong, Macao and
 * Taiwan residents carry in the same 18-character format.
 */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43',
  '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
]);

/** The check code an 18-character ID card number must end with, from its first 17 digits. */
export function idCardCheckCode(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * ID_CARD_WEIGHTS[i]!;
  return ID_CARD_CHECK_CODES[sum % 11]!;
}

/** Whether `yyyymmdd` is a real calendar date from 1900 on, and not after `today` (also `yyyymmdd`). */
function isBirthDate(yyyymmdd: string, today: string | undefined): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  return today === undefined || yyyymmdd <= today;
}

/** The calendar date in China (UTC+8, no daylight saving), where ID birth dates are written. */
function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

function idCardProblem(value: string, today: string | undefined): IdNumberProblem | null {
  if (value.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(value)) return 'format';
  if (!PROVINCE_CODES.has(value.slice(0, 2))) return 'region';
  if (!isBirthDate(value.slice(6, 14), today)) return 'birth-date';
  if (idCardCheckCode(value.slice(0, 17)) !== value[17]) return 'checksum';
  return null;
}

/** Length first, so a number of the wrong length says so rather than "format". */
const OTHER_FORMATS: Record<Exclude<IdType, 'id-card'>, { min: number; max: number; pattern: RegExp }> = {
  passport: { min: 5, max: 20, pattern: /^[A-Z0-9]+$/ },
  // 港澳居民来往内地通行证: H (Hong Kong) or M (Macao), then 8 digits (older cards) or 10.
  'hk-macao-permit': { min: 9, max: 11, pattern: /^[HM](\d{8}|\d{10})$/ },
  // 台湾居民来往大陆通行证: 8 digits.
  'taiwan-permit': { min: 8, max: 8, pattern: /^\d{8}$/ },
  // 外国人永久居留身份证 (2004 format): a 3-letter nationality code, then 12 digits.
  'foreigner-permit': { min: 15, max: 15, pattern: /^[A-Z]{3}\d{12}$/ },
};

/** Spaces around the number are dropped and letters upper-cased: `x` and `X` are the same check code. */
export function normaliseIdNumber(value: string): string {
  return value.trim().toUpperCase();
}

/**
 * What is wrong with a number of `idType`, or null when it is valid. `value` must be normalised.
 * `today`, when given, rejects an ID card whose birth date lies in the future.
 */
export function idNumberProblem(idType: IdType, value: string, today?: Date): IdNumberProblem | null {
  if (idType === 'id-card') return idCardProblem(value, today && chinaDate(today));
  const format = OTHER_FORMATS[idType];
  if (value.length < format.min || value.length > format.max) return 'length';
  return format.pattern.test(value) ? null : 'format';
}

/**
 * The normalised number when it is a valid number of `idType`; else 422 INVALID_ID_NUMBER. The
 * message and details never repeat the number: it must not reach responses or logs.
 */
export function validateIdNumber(idType: IdType, value: string, today?: Date): string {
  const normalised = normaliseIdNumber(value);
  const reason = idNumberProblem(idType, normalised, today);
  if (reason) {
    throw new DomainError('INVALID_ID_NUMBER', `This is not a valid ${idType} number (${reason})`, {
      field: 'idNumber',
      idType,
      reason,
    });
  }
  return normalised;
}

/**
 * The number as customers and staff see it: an ID card keeps its region (first 6) and last 4 characters,
 * other documents their first 2 and last 2; everything between is `*`. `value` must be normalised.
 */
export function maskIdNumber(idType: IdType, value: string): string {
  const [head, tail] = idType === 'id-card' ? [6, 4] : [2, 2];
  return value.slice(0, head) + '*'.repeat(Math.max(value.length - head - tail, 0)) + value.slice(-tail);
}
