import { DomainError } from '../../http/errors.js';
import { addDays, localDateOf, zonedToUtc } from '../scheduling/index.js';

/**
 * A pass's life:
 *   pending ──paid──> active ──its last valid day ends──> expired
 *      ├──cancel (by the customer)──> cancelled
 *      └──not paid by expiresAt──> expired
 * Only pending, active and cancelled are stored; readers see expired from the instant `expiresAt`
 * passes (the end of the payment window, or of the last valid day), swept or not.
 */
export const PASS_STATUSES = ['pending', 'active', 'expired', 'cancelled'] as const;
export type PassStatus = (typeof PASS_STATUSES)[number];
export type StoredPassStatus = Exclude<PassStatus, 'expired'>;

/** How long a bought pass waits to be paid; paying extends it for the payment window. */
export const PASS_PAYMENT_MINUTES = 30;

export function passStatusOf(stored: StoredPassStatus, expiresAt: Date, now: Date): PassStatus {
  if (stored === 'cancelled') return stored;
  return expiresAt.getTime() <= now.getTime() ? 'expired' : stored;
}

export interface Validity {
  /** Local dates in the venue's zone, both included. */
  validFrom: string;
  validTo: string;
  /** The end of `validTo` in the venue's zone: the pass expires then. */
  endsAt: Date;
}

/** A pass paid at `paidAt` is valid from that local day for `validityDays` days, that day included. */
export function validityOf(paidAt: Date, timezone: string, validityDays: number): Validity {
  const validFrom = localDateOf(paidAt, timezone);
  const validTo = addDays(validFrom, validityDays - 1);
  return { validFrom, validTo, endsAt: zonedToUtc(addDays(validTo, 1), '00:00', timezone) };
}

/** Bookings left, or null when the pass has no limit. */
export const entriesRemaining = (totalEntries: number | null, entriesUsed: number): number | null =>
  totalEntries === null ? null : Math.max(totalEntries - entriesUsed, 0);

/** What the booking rules need to know of a pass. */
export interface BookablePass {
  status: StoredPassStatus;
  expiresAt: Date;
  venueId: string;
  productionId: string | null;
  validFrom: string | null;
  validTo: string | null;
  totalEntries: number | null;
  entriesUsed: number;
}

/** The session a pass is to book. */
export interface BookingTarget {
  mode: string;
  venueId: string;
  productionId: string;
  localDate: string;
}

const notValid = (reason: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('PASS_NOT_VALID', message, { reason, ...details });

/**
 * Why the pass cannot book the session (PASS_NOT_VALID with the reason, PASS_ENTRIES_USED_UP), or
 * null when it can: it must be active now and on the session's local day, for a timed-entry session of
 * its venue (and its production, when the product names one), with an entry left. Local dates compare
 * as `YYYY-MM-DD` text, which sorts as the calendar does.
 */
export function bookingRefusal(pass: BookablePass, target: BookingTarget, now: Date): DomainError | null {
  const status = passStatusOf(pass.status, pass.expiresAt, now);
  if (status === 'pending') return notValid('not-active', 'The pass is not paid yet', { status });
  if (status === 'cancelled') return notValid('cancelled', 'The pass is cancelled', { status });
  if (status === 'expired' || pass.validFrom === null || pass.validTo === null) {
    return notValid('expired', 'The pass has expired', { status: 'expired' });
  }
  if (target.mode !== 'timed-entry') {
    return notValid('not-timed-entry', 'A pass books timed-entry sessions only', { mode: target.mode });
  }
  if (target.venueId !== pass.venueId) return notValid('wrong-venue', 'The pass is for another venue');
  if (pass.productionId !== null && target.productionId !== pass.productionId) {
    return notValid('wrong-production', 'The pass does not admit to this exhibition', {
      productionId: pass.productionId,
    });
  }
  const dates = { date: target.localDate, validFrom: pass.validFrom, validTo: pass.validTo };
  if (target.localDate < pass.validFrom) return notValid('not-yet-valid', 'The pass is not valid yet that day', dates);
  if (target.localDate > pass.validTo) return notValid('expired', 'The pass has expired by that day', dates);
  if (pass.totalEntries !== null && pass.entriesUsed >= pass.totalEntries) {
    return new DomainError('PASS_ENTRIES_USED_UP', 'Every entry of this pass is used', {
      totalEntries: pass.totalEntries,
      entriesUsed: pass.entriesUsed,
    });
  }
  return null;
}

/** pending → cancelled, and paying: only a pending pass within its payment window. */
export function assertPending(stored: StoredPassStatus, expiresAt: Date, now: Date, action: 'cancelled' | 'paid for'): void {
  const status = passStatusOf(stored, expiresAt, now);
  if (status !== 'pending') {
    throw new DomainError('PASS_NOT_PENDING', `A ${status} pass cannot be ${action}`, { status });
  }
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** A product's currency must be an ISO 4217 code (scheduling's UNKNOWN_CURRENCY, as for sessions). */
export function assertCurrency(currency: string): void {
  if (!CURRENCIES.has(currency)) {
    throw new DomainError('UNKNOWN_CURRENCY', `${currency} is not an ISO 4217 currency code`, { currency });
  }
}
