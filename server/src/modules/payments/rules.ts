import { createSign } from 'node:crypto';

/**
 * Pure rules of payments: money in a provider's decimal notation, Alipay's signing content, the
 * outboxes' back-off.
 */

export const PROVIDERS = ['sandbox', 'alipay', 'stripe'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** Minor units as Alipay writes amounts: yuan with two decimals ("45.00"). */
export function decimalAmount(minor: number): string {
  const whole = Math.floor(minor / 100);
  const cents = minor % 100;
  return `${whole}.${String(cents).padStart(2, '0')}`;
}

/** "45.00", "45.5" or "45" as minor units; null for anything else (a negative, three decimals, text). */
export function minorAmount(decimal: string): number | null {
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(decimal);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/**
 * The content Alipay signs in a notification: every parameter but `sign` and `sign_type`, sorted by
 * name, as `k=v` joined by `&`, values as received (not URL-encoded), empty values left out.
 */
export function alipaySignContent(fields: Readonly<Record<string, string>>): string {
  return Object.keys(fields)
    .filter((key) => key !== 'sign' && key !== 'sign_type' && fields[key] !== '')
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('&');
}

/** RSA2 (RSA-SHA256, base64) over the signing content, as Alipay signs its notifications. */
export function signAlipayStyle(fields: Readonly<Record<string, string>>, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(alipaySignContent(fields), 'utf8').sign(privateKeyPem, 'base64');
}

/** Pause before the next try of an outbox row: 10 s, doubling, at most an hour (Alipay's own rhythm, compressed). */
export function retryDelayMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(attempts - 1, 0), 3_600_000);
}
