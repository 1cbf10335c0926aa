import { describe, expect, it } from 'vitest';
import {
  covers,
  isValidPeriod,
  licenceStatusOn,
  localDateOf,
  notLicensableReason,
} from '../../src/modules/licensing/rules.js';

const licence = { validFrom: '2026-11-01', validTo: '2026-11-30', status: 'active' as const };

describe('licence rules', () => {
  it('covers its first and last day and every day between', () => {
    expect(covers(licence, '2026-10-31')).toBe(false);
    expect(covers(licence, '2026-11-01')).toBe(true);
    expect(covers(licence, '2026-11-15')).toBe(true);
    expect(covers(licence, '2026-11-30')).toBe(true);
    expect(covers(licence, '2026-12-01')).toBe(false);
    expect(covers({ ...licence, status: 'revoked' }, '2026-11-15')).toBe(false);
  });

  it('derives upcoming, active and expired from today, inclusive at both ends', () => {
    expect(licenceStatusOn(licence, '2026-10-31')).toBe('upcoming');
    expect(licenceStatusOn(licence, '2026-11-01')).toBe('active');
    expect(licenceStatusOn(licence, '2026-11-30')).toBe('active');
    expect(licenceStatusOn(licence, '2026-12-01')).toBe('expired');
    expect(licenceStatusOn({ ...licence, status: 'revoked' }, '2026-11-15')).toBe('revoked');
  });

  it("takes today's date in the given zone", () => {
    // 16:30 UTC is already the next day in Shanghai (UTC+8).
    expect(localDateOf(new Date('2026-11-30T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-01');
    expect(localDateOf(new Date('2026-11-30T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-11-30');
  });

  it('accepts a one-day period and refuses an inverted one', () => {
    expect(isValidPeriod('2026-11-01', '2026-11-01')).toBe(true);
    expect(isValidPeriod('2026-11-02', '2026-11-01')).toBe(false);
  });

  it("licenses only the platform's published movies", () => {
    expect(notLicensableReason({ kind: 'movie', merchantId: null, status: 'published' })).toBeNull();
    expect(notLicensableReason({ kind: 'movie', merchantId: null, status: 'draft' })).toBe('not-published');
    expect(notLicensableReason({ kind: 'performance', merchantId: 'm', status: 'published' })).toBe('not-a-movie');
    expect(notLicensableReason({ kind: 'movie', merchantId: 'm', status: 'published' })).toBe('merchant-production');
  });
});
