import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/http/errors.js';
import {
  assertEditable,
  assertQuotaRequest,
  assertSalesWindow,
  assertTimes,
  occupiedWindow,
  policyPatched,
  policyWithDefaults,
  priceByCategory,
  ticketTypesFor,
  windowsClash,
} from '../../src/modules/scheduling/rules.js';
import {
  addDays,
  daysInclusive,
  isCalendarDate,
  localDateOf,
  offsetAt,
  zonedToUtc,
} from '../../src/modules/scheduling/zoned-time.js';

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

const at = (iso: string) => new Date(iso);

describe('zoned time', () => {
  it('turns a wall-clock time into the right instant in fixed and daylight-saving zones', () => {
    expect(zonedToUtc('2026-12-01', '19:30', 'Asia/Shanghai').toISOString()).toBe('2026-12-01T11:30:00.000Z');
    // Berlin: summer time until 25 October 2026 at 03:00, then UTC+1.
    expect(zonedToUtc('2026-10-24', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-10-24T07:00:00.000Z');
    expect(zonedToUtc('2026-10-25', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-10-25T08:00:00.000Z');
    expect(zonedToUtc('2026-10-26', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-10-26T08:00:00.000Z');
    expect(zonedToUtc('2026-12-01', '23:30', 'America/New_York').toISOString()).toBe('2026-12-02T04:30:00.000Z');
  });

  it('resolves a skipped spring time forward and a repeated autumn time to its first occurrence', () => {
    expect(zonedToUtc('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedToUtc('2026-10-25', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('tells the local date of an instant, which may differ from its UTC date', () => {
    expect(localDateOf(at('2026-12-01T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-02');
    expect(localDateOf(at('2026-12-02T04:30:00Z'), 'America/New_York')).toBe('2026-12-01');
    expect(offsetAt(at('2026-07-01T00:00:00Z'), 'Europe/Berlin')).toBe(2 * 3_600_000);
  });

  it('counts calendar days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysInclusive('2026-12-01', '2026-12-14')).toBe(14);
    expect(daysInclusive('2026-12-02', '2026-12-01')).toBe(0);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
  });
});

describe('hall occupancy', () => {
  const existing = occupiedWindow(at('2026-12-01T10:00:00Z'), at('2026-12-01T12:00:00Z'), 15);

  it('lets a session start exactly when the previous one ends plus the buffer', () => {
    const next = occupiedWindow(at('2026-12-01T12:15:00Z'), at('2026-12-01T14:00:00Z'), 15);
    expect(windowsClash(existing, next)).toBe(false);
  });

  it('refuses a start one minute earlier, and the symmetric case before', () => {
    const tooEarly = occupiedWindow(at('2026-12-01T12:14:00Z'), at('2026-12-01T14:00:00Z'), 15);
    expect(windowsClash(existing, tooEarly)).toBe(true);
    const before = occupiedWindow(at('2026-12-01T07:00:00Z'), at('2026-12-01T09:46:00Z'), 15);
    expect(windowsClash(existing, before)).toBe(true);
    const justBefore = occupiedWindow(at('2026-12-01T07:00:00Z'), at('2026-12-01T09:45:00Z'), 15);
    expect(windowsClash(existing, justBefore)).toBe(false);
  });
});

describe('prices and ticket types', () => {
  it('needs a price for every seat category, and only for those', () => {
    expect(priceByCategory(['standard', 'vip'], [{ category: 'standard', price: 4500 }, { category: 'vip', price: 6500 }]).get('vip')).toBe(6500);
    expect(codeOf(() => priceByCategory(['standard', 'vip'], [{ category: 'standard', price: 4500 }]))).toBe('PRICE_MISSING');
    expect(
      codeOf(() =>
        priceByCategory(['standard'], [
          { category: 'standard', price: 4500 },
          { category: 'gold', price: 1 },
        ]),
      ),
    ).toBe('UNKNOWN_CATEGORY');
    expect(
      codeOf(() =>
        priceByCategory(['standard'], [
          { category: 'standard', price: 4500 },
          { category: 'standard', price: 1 },
        ]),
      ),
    ).toBe('DUPLICATE_ENTRY');
  });

  it('prices timed-entry types and needs an adult price', () => {
    expect(ticketTypesFor('timed-entry', [{ type: 'adult', price: 6000 }, { type: 'child', price: 3000 }], 0)).toEqual([
      { type: 'adult', price: 6000, discount: null },
      { type: 'child', price: 3000, discount: null },
    ]);
    expect(codeOf(() => ticketTypesFor('timed-entry', [{ type: 'child', price: 3000 }], 0))).toBe('TICKET_TYPES_INVALID');
    expect(codeOf(() => ticketTypesFor('timed-entry', [{ type: 'adult', discount: 3000 }], 0))).toBe('TICKET_TYPES_INVALID');
  });

  it('gives seated and tiered types a discount, adds the adult type, and caps discounts', () => {
    expect(ticketTypesFor('seated', undefined, 4500)).toEqual([{ type: 'adult', price: null, discount: 0 }]);
    expect(ticketTypesFor('tiered', [{ type: 'student', discount: 1000 }], 4500)).toEqual([
      { type: 'adult', price: null, discount: 0 },
      { type: 'student', price: null, discount: 1000 },
    ]);
    expect(codeOf(() => ticketTypesFor('seated', [{ type: 'student', discount: 5000 }], 4500))).toBe('TICKET_TYPES_INVALID');
    expect(codeOf(() => ticketTypesFor('seated', [{ type: 'student', price: 3000 }], 4500))).toBe('TICKET_TYPES_INVALID');
  });
});

describe('policy and times', () => {
  const now = at('2026-11-20T08:00:00Z');
  const start = at('2026-12-01T11:30:00Z');

  it('defaults every policy field', () => {
    expect(policyWithDefaults(undefined, now, start)).toEqual({
      holdMinutes: 15,
      maxTicketsPerUser: 6,
      oneOrderPerUser: false,
      realName: false,
      refundCutoffMinutes: 60,
      refundFeePercent: 0,
      salesOpenAt: now,
      salesCloseAt: start,
    });
  });

  it('moves the close of sales with the start when it was the start', () => {
    const policy = policyWithDefaults(undefined, now, start);
    const later = at('2026-12-01T13:30:00Z');
    expect(policyPatched(policy, undefined, start, later).salesCloseAt).toEqual(later);
    const custom = { ...policy, salesCloseAt: at('2026-12-01T10:00:00Z') };
    expect(policyPatched(custom, undefined, start, later).salesCloseAt).toEqual(custom.salesCloseAt);
  });

  it('refuses past starts, reversed times and upside-down sales windows', () => {
    expect(codeOf(() => assertTimes(at('2026-11-20T07:00:00Z'), start, now))).toBe('INVALID_TIMES');
    expect(codeOf(() => assertTimes(start, start, now))).toBe('INVALID_TIMES');
    const policy = policyWithDefaults({ salesOpenAt: '2026-12-02T00:00:00Z' }, now, start);
    expect(codeOf(() => assertSalesWindow(policy, at('2026-12-01T13:30:00Z')))).toBe('INVALID_SALES_WINDOW');
  });

  it('locks a session once its sales opened, and a cancelled one for good', () => {
    expect(codeOf(() => assertEditable({ status: 'scheduled', salesOpenAt: at('2026-11-21T00:00:00Z') }, now))).toBeUndefined();
    expect(codeOf(() => assertEditable({ status: 'scheduled', salesOpenAt: now }, now))).toBe('SESSION_LOCKED');
    expect(codeOf(() => assertEditable({ status: 'cancelled', salesOpenAt: at('2026-11-21T00:00:00Z') }, now))).toBe(
      'SESSION_CANCELLED',
    );
  });
});

describe('entry quota requests', () => {
  const slot = { label: 'morning', startsAt: '09:00', endsAt: '12:00', capacity: 500 };

  it('accepts up to 366 days from today on', () => {
    expect(assertQuotaRequest('2026-12-01', '2026-12-14', [slot], '2026-11-20')).toBe(14);
    expect(assertQuotaRequest('2026-12-01', '2027-12-01', [slot], '2026-11-20')).toBe(366);
    expect(codeOf(() => assertQuotaRequest('2026-12-01', '2027-12-02', [slot], '2026-11-20'))).toBe('DATE_RANGE_TOO_LONG');
    expect(codeOf(() => assertQuotaRequest('2026-12-02', '2026-12-01', [slot], '2026-11-20'))).toBe('INVALID_DATE_RANGE');
    expect(codeOf(() => assertQuotaRequest('2026-11-19', '2026-12-01', [slot], '2026-11-20'))).toBe('INVALID_DATE_RANGE');
  });

  it('refuses duplicate slots and slots that end before they start', () => {
    expect(codeOf(() => assertQuotaRequest('2026-12-01', '2026-12-01', [slot, slot], '2026-11-20'))).toBe('DUPLICATE_ENTRY');
    expect(
      codeOf(() => assertQuotaRequest('2026-12-01', '2026-12-01', [{ ...slot, endsAt: '08:00' }], '2026-11-20')),
    ).toBe('INVALID_TIMES');
  });
});
