import { DomainError } from '../../http/errors.js';
import { daysInclusive, isCalendarDate } from './zoned-time.js';

/** The longest range of days one entry-quota request may open. */
export const MAX_QUOTA_DAYS = 366;
/** Units one HTTP request may create when opening quotas; the CLI has no such limit. */
export const MAX_QUOTA_UNITS_PER_REQUEST = 1_000_000;
/** Places one tiered or timed-entry session may have in all. */
export const MAX_SESSION_PLACES = 200_000;

export type SessionMode = 'seated' | 'tiered' | 'timed-entry';

/** A session's buying rules; every field has a default (API.md). */
export interface Policy {
  holdMinutes: number;
  maxTicketsPerUser: number;
  oneOrderPerUser: boolean;
  realName: boolean;
  refundCutoffMinutes: number;
  refundFeePercent: number;
  salesOpenAt: Date;
  salesCloseAt: Date;
}

export interface PolicyInput {
  holdMinutes?: number;
  maxTicketsPerUser?: number;
  oneOrderPerUser?: boolean;
  realName?: boolean;
  refundCutoffMinutes?: number;
  refundFeePercent?: number;
  salesOpenAt?: string;
  salesCloseAt?: string;
}

/** Sales open now and close when the session starts, unless the merchant says otherwise. */
export function policyWithDefaults(input: PolicyInput | undefined, now: Date, startsAt: Date): Policy {
  return {
    holdMinutes: input?.holdMinutes ?? 15,
    maxTicketsPerUser: input?.maxTicketsPerUser ?? 6,
    oneOrderPerUser: input?.oneOrderPerUser ?? false,
    realName: input?.realName ?? false,
    refundCutoffMinutes: input?.refundCutoffMinutes ?? 60,
    refundFeePercent: input?.refundFeePercent ?? 0,
    salesOpenAt: input?.salesOpenAt ? new Date(input.salesOpenAt) : now,
    salesCloseAt: input?.salesCloseAt ? new Date(input.salesCloseAt) : startsAt,
  };
}

/**
 * A policy changed by a PATCH. When sales were set to close at the start and the start moves, the
 * close moves with it, so a rescheduled showing keeps selling until it begins.
 */
export function policyPatched(current: Policy, input: PolicyInput | undefined, oldStart: Date, newStart: Date): Policy {
  const closeFollowsStart = current.salesCloseAt.getTime() === oldStart.getTime();
  return {
    holdMinutes: input?.holdMinutes ?? current.holdMinutes,
    maxTicketsPerUser: input?.maxTicketsPerUser ?? current.maxTicketsPerUser,
    oneOrderPerUser: input?.oneOrderPerUser ?? current.oneOrderPerUser,
    realName: input?.realName ?? current.realName,
    refundCutoffMinutes: input?.refundCutoffMinutes ?? current.refundCutoffMinutes,
    refundFeePercent: input?.refundFeePercent ?? current.refundFeePercent,
    salesOpenAt: input?.salesOpenAt ? new Date(input.salesOpenAt) : current.salesOpenAt,
    salesCloseAt: input?.salesCloseAt
      ? new Date(input.salesCloseAt)
      : closeFollowsStart
        ? newStart
        : current.salesCloseAt,
  };
}

/** A session starts in the future and ends after it starts. */
export function assertTimes(startsAt: Date, endsAt: Date, now: Date): void {
  if (startsAt.getTime() <= now.getTime()) {
    throw new DomainError('INVALID_TIMES', 'A session must start in the future', { field: 'startsAt' });
  }
  if (endsAt.getTime() <= startsAt.getTime()) {
    throw new DomainError('INVALID_TIMES', 'A session must end after it starts', { field: 'endsAt' });
  }
}

/** Sales open before they close, and close no later than the session ends. */
export function assertSalesWindow(policy: Policy, endsAt: Date): void {
  if (policy.salesOpenAt.getTime() >= policy.salesCloseAt.getTime()) {
    throw new DomainError('INVALID_SALES_WINDOW', 'Sales must open before they close', {
      field: 'policy.salesCloseAt',
    });
  }
  if (policy.salesCloseAt.getTime() > endsAt.getTime()) {
    throw new DomainError('INVALID_SALES_WINDOW', 'Sales must close by the time the session ends', {
      field: 'policy.salesCloseAt',
    });
  }
}

/** A session may change only until its sales open: after that, buyers have seen its terms. */
export function assertEditable(session: { status: string; salesOpenAt: Date }, now: Date): void {
  if (session.status === 'cancelled') {
    throw new DomainError('SESSION_CANCELLED', 'The session is cancelled');
  }
  if (session.salesOpenAt.getTime() <= now.getTime()) {
    throw new DomainError('SESSION_LOCKED', 'Sales of this session have opened: it can no longer be changed', {
      salesOpenAt: session.salesOpenAt.toISOString(),
    });
  }
}

/**
 * The window a session occupies its hall: from its start until its end plus the venue's cleaning
 * buffer. Two sessions of a hall clash when their windows overlap; touching windows do not clash.
 */
export function occupiedWindow(startsAt: Date, endsAt: Date, bufferMinutes: number): { from: Date; until: Date } {
  return { from: startsAt, until: new Date(endsAt.getTime() + bufferMinutes * 60_000) };
}

export function windowsClash(a: { from: Date; until: Date }, b: { from: Date; until: Date }): boolean {
  return a.from.getTime() < b.until.getTime() && b.from.getTime() < a.until.getTime();
}

/** The first duplicate of a list of names, if any. */
export function firstDuplicate(values: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return null;
}

function assertUnique(values: readonly string[], field: string): void {
  const duplicate = firstDuplicate(values);
  if (duplicate !== null) {
    throw new DomainError('DUPLICATE_ENTRY', `"${duplicate}" appears twice in ${field}`, { field, value: duplicate });
  }
}

/**
 * A seated session prices every seat category of the hall's map, and only those: a seat without a
 * price could not be sold, a price without seats is a typo.
 */
export function priceByCategory(
  hallCategories: readonly string[],
  prices: readonly { category: string; price: number }[],
): Map<string, number> {
  assertUnique(
    prices.map((price) => price.category),
    'prices',
  );
  const known = new Set(hallCategories);
  const unknown = prices.map((price) => price.category).filter((category) => !known.has(category));
  if (unknown.length > 0) {
    throw new DomainError('UNKNOWN_CATEGORY', `The hall's map has no seats of category ${unknown.join(', ')}`, {
      categories: unknown,
    });
  }
  const priced = new Map(prices.map((price) => [price.category, price.price]));
  const missing = hallCategories.filter((category) => !priced.has(category));
  if (missing.length > 0) {
    throw new DomainError('PRICE_MISSING', `No price for seat category ${missing.join(', ')}`, { categories: missing });
  }
  return priced;
}

export interface TierInput {
  name: string;
  price: number;
  capacity: number;
}

export function assertTiers(tiers: readonly TierInput[]): void {
  assertUnique(
    tiers.map((tier) => tier.name),
    'tiers',
  );
  const places = tiers.reduce((sum, tier) => sum + tier.capacity, 0);
  if (places > MAX_SESSION_PLACES) {
    throw new DomainError('CAPACITY_TOO_LARGE', `A session has at most ${MAX_SESSION_PLACES} places`, {
      maximum: MAX_SESSION_PLACES,
    });
  }
}

export interface TicketTypeInput {
  type: string;
  price?: number;
  discount?: number;
}

export interface TicketType {
  type: string;
  price: number | null;
  discount: number | null;
}

/** The ticket type every order falls back to when it names none (API.md: "default all adult"). */
export const DEFAULT_TICKET_TYPE = 'adult';

/**
 * Timed-entry sessions price each ticket type, and need an adult price: it is the entry pool's price.
 * Seated and tiered sessions take a discount per type off the unit's price; the adult type is added
 * at no discount when missing, and no discount may exceed the cheapest price it could apply to.
 */
export function ticketTypesFor(
  mode: SessionMode,
  input: readonly TicketTypeInput[] | undefined,
  cheapestUnitPrice: number,
): TicketType[] {
  const types = input ?? [];
  assertUnique(
    types.map((type) => type.type),
    'ticketTypes',
  );
  if (mode === 'timed-entry') {
    const unpriced = types.filter((type) => type.price === undefined || type.discount !== undefined);
    if (unpriced.length > 0) {
      throw new DomainError('TICKET_TYPES_INVALID', 'Timed-entry ticket types each need a price and no discount', {
        types: unpriced.map((type) => type.type),
      });
    }
    if (!types.some((type) => type.type === DEFAULT_TICKET_TYPE)) {
      throw new DomainError('TICKET_TYPES_INVALID', 'Timed-entry sessions need an adult price', {
        types: [DEFAULT_TICKET_TYPE],
      });
    }
    return types.map((type) => ({ type: type.type, price: type.price!, discount: null }));
  }
  const priced = types.filter((type) => type.price !== undefined || type.discount === undefined);
  if (priced.length > 0) {
    throw new DomainError('TICKET_TYPES_INVALID', 'Ticket types of seated and tiered sessions give a discount, not a price', {
      types: priced.map((type) => type.type),
    });
  }
  const tooLarge = types.filter((type) => type.discount! > cheapestUnitPrice);
  if (tooLarge.length > 0) {
    throw new DomainError('TICKET_TYPES_INVALID', 'A discount may not exceed the cheapest price of the session', {
      types: tooLarge.map((type) => type.type),
      cheapestPrice: cheapestUnitPrice,
    });
  }
  const result = types.map((type) => ({ type: type.type, price: null, discount: type.discount! }));
  return result.some((type) => type.type === DEFAULT_TICKET_TYPE)
    ? result
    : [{ type: DEFAULT_TICKET_TYPE, price: null, discount: 0 }, ...result];
}

/** The adult price of a timed-entry session: its entry pool's price. */
export function adultPriceOf(types: readonly TicketType[]): number {
  return types.find((type) => type.type === DEFAULT_TICKET_TYPE)?.price ?? 0;
}

/** ISO 4217 codes the runtime knows. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function assertCurrency(currency: string): void {
  if (!CURRENCIES.has(currency)) {
    throw new DomainError('UNKNOWN_CURRENCY', `${currency} is not an ISO 4217 currency code`, { currency });
  }
}

export interface QuotaSlotInput {
  label: string;
  startsAt: string;
  endsAt?: string;
  capacity: number;
}

/** A quota range is `from` to `to` inclusive, at most MAX_QUOTA_DAYS long; slots are distinct and end after they start. */
export function assertQuotaRequest(from: string, to: string, slots: readonly QuotaSlotInput[], fromDateToday: string): number {
  for (const date of [from, to]) {
    if (!isCalendarDate(date)) throw new DomainError('INVALID_DATE_RANGE', `${date} is not a calendar day`, { date });
  }
  const days = daysInclusive(from, to);
  if (days < 1) {
    throw new DomainError('INVALID_DATE_RANGE', '`to` must not be before `from`', { from, to });
  }
  if (days > MAX_QUOTA_DAYS) {
    throw new DomainError('DATE_RANGE_TOO_LONG', `At most ${MAX_QUOTA_DAYS} days at once`, {
      days,
      maximum: MAX_QUOTA_DAYS,
    });
  }
  if (from < fromDateToday) {
    throw new DomainError('INVALID_DATE_RANGE', 'Quotas open from today on', { from, today: fromDateToday });
  }
  assertUnique(
    slots.map((slot) => slot.label),
    'slots',
  );
  for (const slot of slots) {
    if (slot.endsAt !== undefined && slot.endsAt <= slot.startsAt) {
      throw new DomainError('INVALID_TIMES', `Slot "${slot.label}" must end after it starts, on the same day`, {
        field: 'slots',
        label: slot.label,
      });
    }
  }
  return days;
}
