import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/http/errors.js';
import {
  assertCancellable,
  assertHideable,
  assertOnSale,
  effectiveStatus,
  limitViolation,
  ORDER_STATUSES,
  placeRequestOf,
  priceOf,
  quantityOf,
  ticketTypesOf,
} from '../../src/modules/orders/rules.js';

const codeOf = (work: () => unknown): string | null => {
  try {
    work();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

const detailsOf = (work: () => unknown): Record<string, unknown> | undefined => {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error.details;
  }
  return undefined;
};

describe('order state machine', () => {
  const now = new Date('2026-11-20T08:00:00Z');
  const later = new Date(now.getTime() + 1);

  it('reads a pending order past its hold as expired, and nothing else changes', () => {
    expect(effectiveStatus('pending', later, now)).toBe('pending');
    expect(effectiveStatus('pending', now, now)).toBe('expired');
    for (const status of ORDER_STATUSES.filter((status) => status !== 'pending')) {
      expect(effectiveStatus(status, new Date(0), now)).toBe(status);
    }
  });

  it('cancels pending orders only', () => {
    expect(codeOf(() => assertCancellable('pending'))).toBeNull();
    for (const status of ORDER_STATUSES.filter((status) => status !== 'pending')) {
      expect(codeOf(() => assertCancellable(status))).toBe('ORDER_NOT_PENDING');
    }
  });

  it('hides finished orders only', () => {
    const hideable = ORDER_STATUSES.filter((status) => codeOf(() => assertHideable(status)) === null);
    expect(hideable).toEqual(['completed', 'cancelled', 'expired', 'refunded']);
    expect(detailsOf(() => assertHideable('paid'))).toEqual({ status: 'paid' });
  });
});

describe('sales window', () => {
  const policy = { salesOpenAt: new Date('2026-11-20T00:00:00Z'), salesCloseAt: new Date('2026-11-30T00:00:00Z') };
  const session = { status: 'scheduled' as const, startsAt: new Date('2026-12-01T00:00:00Z'), policy };
  const reason = (at: string, overrides: object = {}) =>
    detailsOf(() => assertOnSale({ ...session, ...overrides }, new Date(at)))?.reason ?? null;

  it('sells from opening (inclusive) until closing (exclusive)', () => {
    expect(reason('2026-11-19T23:59:59Z')).toBe('not-open');
    expect(reason('2026-11-20T00:00:00Z')).toBeNull();
    expect(reason('2026-11-29T23:59:59Z')).toBeNull();
    expect(reason('2026-11-30T00:00:00Z')).toBe('closed');
  });

  it('never sells a cancelled or started session', () => {
    expect(reason('2026-11-25T00:00:00Z', { status: 'cancelled' })).toBe('cancelled');
    expect(reason('2026-12-01T00:00:00Z', { policy: { ...policy, salesCloseAt: new Date('2026-12-02T00:00:00Z') } })).toBe(
      'started',
    );
  });
});

describe('what the buyer asks for', () => {
  const tiers = ['0B6F1C2E-0000-4000-8000-000000000001', '0b6f1c2e-0000-4000-8000-000000000002'];

  it('takes seats or best available for seated sessions, tiers for the others', () => {
    expect(placeRequestOf('seated', { seats: ['AB'] }, [])).toEqual({ kind: 'seats', seatIds: ['ab'] });
    expect(placeRequestOf('seated', { seats: 'best', quantity: 2, category: 'vip' }, [])).toEqual({
      kind: 'best',
      quantity: 2,
      category: 'vip',
      accessible: undefined,
    });
    expect(
      placeRequestOf('tiered', { tiers: [{ tierId: tiers[0]!, quantity: 1 }, { tierId: tiers[0]!.toLowerCase(), quantity: 2 }] }, tiers),
    ).toEqual({ kind: 'pool', tiers: [{ tierId: tiers[0]!.toLowerCase(), quantity: 3 }] });
  });

  it('refuses fields of another mode, and unknown tiers', () => {
    expect(codeOf(() => placeRequestOf('seated', {}, []))).toBe('MODE_MISMATCH');
    expect(codeOf(() => placeRequestOf('seated', { seats: 'best' }, []))).toBe('MODE_MISMATCH');
    expect(codeOf(() => placeRequestOf('seated', { seats: ['a'], accessible: true }, []))).toBe('MODE_MISMATCH');
    expect(codeOf(() => placeRequestOf('seated', { tiers: [] }, []))).toBe('MODE_MISMATCH');
    expect(codeOf(() => placeRequestOf('timed-entry', { seats: ['a'] }, tiers))).toBe('MODE_MISMATCH');
    expect(codeOf(() => placeRequestOf('tiered', {}, tiers))).toBe('MODE_MISMATCH');
    expect(detailsOf(() => placeRequestOf('tiered', { tiers: [{ tierId: 'x', quantity: 1 }] }, tiers))).toEqual({
      tierIds: ['x'],
    });
  });

  it('counts the places', () => {
    expect(quantityOf({ kind: 'seats', seatIds: ['a', 'b'] })).toBe(2);
    expect(quantityOf({ kind: 'best', quantity: 4 })).toBe(4);
    expect(quantityOf({ kind: 'pool', tiers: [{ tierId: 'a', quantity: 2 }, { tierId: 'b', quantity: 3 }] })).toBe(5);
  });
});

describe('pricing', () => {
  const discounted = [
    { type: 'adult', price: null, discount: 0 },
    { type: 'student', price: null, discount: 1500 },
  ];
  const priced = [
    { type: 'adult', price: 6000, discount: null },
    { type: 'child', price: 2000, discount: null },
  ];

  it('assigns ticket types in the order listed, all adult by default', () => {
    expect(ticketTypesOf(2, undefined, discounted).map((type) => type.type)).toEqual(['adult', 'adult']);
    expect(
      ticketTypesOf(3, [{ type: 'student', quantity: 1 }, { type: 'adult', quantity: 2 }], discounted).map((type) => type.type),
    ).toEqual(['student', 'adult', 'adult']);
  });

  it('refuses types the session does not sell and quantities that do not add up', () => {
    expect(detailsOf(() => ticketTypesOf(1, [{ type: 'senior', quantity: 1 }], discounted))).toEqual({
      types: ['senior'],
      offered: ['adult', 'student'],
    });
    expect(codeOf(() => ticketTypesOf(2, [{ type: 'adult', quantity: 1 }], discounted))).toBe('TICKET_COUNT_MISMATCH');
    expect(detailsOf(() => ticketTypesOf(2, [{ type: 'adult', quantity: 3 }], discounted))).toEqual({ expected: 2, given: 3 });
  });

  it('takes the discount off the unit price, or the type price for timed entry, never below zero', () => {
    expect(priceOf('seated', 4500, discounted[1]!)).toBe(3000);
    expect(priceOf('tiered', 1000, discounted[1]!)).toBe(0);
    expect(priceOf('seated', 4500, discounted[0]!)).toBe(4500);
    expect(priceOf('timed-entry', 6000, priced[1]!)).toBe(2000);
    expect(priceOf('timed-entry', 6000, priced[0]!)).toBe(6000);
  });
});

describe('per-customer limits', () => {
  const policy = { maxTicketsPerUser: 6, oneOrderPerUser: false };

  it('allows up to maxTicketsPerUser places across live orders', () => {
    expect(limitViolation(policy, { orders: 2, tickets: 4 }, 2)).toBeNull();
    expect(limitViolation(policy, { orders: 0, tickets: 0 }, 6)).toBeNull();
    expect(limitViolation(policy, { orders: 0, tickets: 0 }, 7)?.details).toEqual({
      rule: 'max-tickets',
      maxTicketsPerUser: 6,
      alreadyHeld: 0,
      requested: 7,
    });
    expect(limitViolation(policy, { orders: 2, tickets: 5 }, 2)?.code).toBe('LIMIT_EXCEEDED');
  });

  it('allows one live order when the session says so', () => {
    const single = { ...policy, oneOrderPerUser: true };
    expect(limitViolation(single, { orders: 0, tickets: 0 }, 3)).toBeNull();
    expect(limitViolation(single, { orders: 1, tickets: 1 }, 1)?.details).toEqual({ rule: 'one-order', orders: 1 });
  });
});
