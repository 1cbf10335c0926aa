/**
 * Licence rules. A licence covers its `from` and `to` days and every day between (inclusive). Its
 * shown status is derived from today's date in the platform's zone: upcoming before `from`, active
 * from `from` to `to`, expired after `to`; a revoked licence stays revoked.
 */
export const LICENCE_TIME_ZONE = 'Asia/Shanghai';

export type LicenceStatus = 'active' | 'expired' | 'upcoming' | 'revoked';
export const LICENCE_STATUSES: readonly LicenceStatus[] = ['active', 'expired', 'upcoming', 'revoked'];

export interface LicencePeriod {
  validFrom: string;
  validTo: string;
  status: 'active' | 'revoked';
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(instant)
    .reduce<Record<string, string>>((all, part) => ({ ...all, [part.type]: part.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** YYYY-MM-DD strings compare like the dates they name. */
export const isValidPeriod = (from: string, to: string): boolean => from <= to;

export const covers = (licence: LicencePeriod, date: string): boolean =>
  licence.status === 'active' && licence.validFrom <= date && date <= licence.validTo;

export function licenceStatusOn(licence: LicencePeriod, today: string): LicenceStatus {
  if (licence.status === 'revoked') return 'revoked';
  if (today < licence.validFrom) return 'upcoming';
  if (today > licence.validTo) return 'expired';
  return 'active';
}

export type NotLicensableReason = 'not-a-movie' | 'merchant-production' | 'not-published';

/** Only the platform's own published movies are licensed; merchants' productions need no licence. */
export function notLicensableReason(production: {
  kind: string;
  merchantId: string | null;
  status: string;
}): NotLicensableReason | null {
  if (production.kind !== 'movie') return 'not-a-movie';
  if (production.merchantId !== null) return 'merchant-production';
  if (production.status !== 'published') return 'not-published';
  return null;
}
