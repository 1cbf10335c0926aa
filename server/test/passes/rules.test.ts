import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/http/errors.js';
import { bookingRefusal, entriesRemaining, passStatusOf, validityOf, type BookablePass } from '../../src/modules/passes/rules.js';

const at = (iso: string) => new Date(iso);

describe('pass rules', () => {
  it('reads a pending or active pass as expired from expiresAt on; a cancelled one stays cancelled', () => {
    const expiresAt = at('2026-11-20T08:30:00Z');
    expect(passStatusOf('pending', expiresAt, at('2026-11-20T08:29:59.999Z'))).toBe('pending');
    expect(passStatusOf('pending', expiresAt, expiresAt)).toBe('expired');
    expect(passStatusOf('active', expiresAt, at('2026-11-21T00:00:00Z'))).toBe('expired');
    expect(passStatusOf('cancelled', expiresAt, at('2030-01-01T00:00:00Z'))).toBe('cancelled');
  });

  it('counts validity in local days of the venue’s zone, the day it is paid included', () => {
    // 23:30 in Shanghai on 20 November is still 15:30Z on the 20th; 00:30 local is the 21st already.
    expect(validityOf(at('2026-11-20T15:30:00Z'), 'Asia/Shanghai', 365)).toEqual({
      validFrom: '2026-11-20',
      validTo: '2027-11-19',
      endsAt: at('2027-11-19T16:00:00Z'),
    });
    expect(validityOf(at('2026-11-20T16:30:00Z'), 'Asia/Shanghai', 1)).toEqual({
      validFrom: '2026-11-21',
      validTo: '2026-11-21',
      endsAt: at('2026-11-21T16:00:00Z'),
    });
    // New York's clocks go back on 1 November 2026: the last day ends at local midnight, UTC-5 by then.
    expect(validityOf(at('2026-10-30T12:00:00Z'), 'America/New_York', 3)).toEqual({
      validFrom: '2026-10-30',
      validTo: '2026-11-01',
      endsAt: at('2026-11-02T05:00:00Z'),
    });
  });

  it('says how many entries are left, or null without a limit', () => {
    expect(entriesRemaining(null, 40)).toBeNull();
    expect(entriesRemaining(10, 3)).toBe(7);
    expect(entriesRemaining(10, 10)).toBe(0);
  });

  describe('bookingRefusal', () => {
    const now = at('2026-11-21T02:00:00Z');
    const active: BookablePass = {
      status: 'active',
      expiresAt: at('2027-11-19T16:00:00Z'),
      venueId: 'venue-1',
      productionId: null,
      validFrom: '2026-11-20',
      validTo: '2027-11-19',
      totalEntries: null,
      entriesUsed: 0,
    };
    const target = { mode: 'timed-entry', venueId: 'venue-1', productionId: 'expo-1', localDate: '2026-11-22' };
    const reasonOf = (pass: Partial<BookablePass>, to: Partial<typeof target> = {}) => {
      const refusal = bookingRefusal({ ...active, ...pass }, { ...target, ...to }, now);
      return refusal === null ? null : [refusal.code, refusal.details?.reason];
    };

    it('lets an active pass book a timed-entry session of its venue within its days', () => {
      expect(reasonOf({})).toBeNull();
      expect(reasonOf({}, { localDate: '2026-11-20' })).toBeNull();
      expect(reasonOf({}, { localDate: '2027-11-19' })).toBeNull();
      expect(reasonOf({ productionId: 'expo-1', totalEntries: 5, entriesUsed: 4 })).toBeNull();
    });

    it('refuses with the reason', () => {
      expect(reasonOf({ status: 'pending', validFrom: null, validTo: null, expiresAt: at('2026-11-21T02:30:00Z') })).toEqual([
        'PASS_NOT_VALID',
        'not-active',
      ]);
      expect(reasonOf({ status: 'pending', validFrom: null, validTo: null, expiresAt: now })).toEqual(['PASS_NOT_VALID', 'expired']);
      expect(reasonOf({ status: 'cancelled' })).toEqual(['PASS_NOT_VALID', 'cancelled']);
      expect(reasonOf({ expiresAt: now })).toEqual(['PASS_NOT_VALID', 'expired']);
      expect(reasonOf({}, { localDate: '2027-11-20' })).toEqual(['PASS_NOT_VALID', 'expired']);
      expect(reasonOf({}, { localDate: '2026-11-19' })).toEqual(['PASS_NOT_VALID', 'not-yet-valid']);
      expect(reasonOf({}, { mode: 'tiered' })).toEqual(['PASS_NOT_VALID', 'not-timed-entry']);
      expect(reasonOf({}, { venueId: 'venue-2' })).toEqual(['PASS_NOT_VALID', 'wrong-venue']);
      expect(reasonOf({ productionId: 'expo-2' })).toEqual(['PASS_NOT_VALID', 'wrong-production']);
      expect(reasonOf({ totalEntries: 5, entriesUsed: 5 })).toEqual(['PASS_ENTRIES_USED_UP', undefined]);
      expect(bookingRefusal({ ...active, status: 'cancelled' }, target, now)).toBeInstanceOf(DomainError);
    });
  });
});
