import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { AlipaySdk } from 'alipay-sdk';
import { minorAmount } from '../rules.js';
import type { ProviderReport } from './types.js';

/**
 * Keys as PEM whatever form they were given in (PEM, or the bare base64 that Alipay's console shows,
 * PKCS#1 or PKCS#8): the SDK is then always told PKCS#8.
 */
export function privateKeyPem(key: string): string {
  return privateKeyOf(key).export({ type: 'pkcs8', format: 'pem' }).toString();
}

function privateKeyOf(key: string): KeyObject {
  if (key.includes('-----BEGIN')) return createPrivateKey(key);
  const der = Buffer.from(key.replace(/\s+/g, ''), 'base64');
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  }
}

export function publicKeyPem(key: string): string {
  const parsed = key.includes('-----BEGIN')
    ? createPublicKey(key)
    : createPublicKey({ key: Buffer.from(key.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
  return parsed.export({ type: 'spki', format: 'pem' }).toString();
}

export function alipaySdkOf(options: { appId: string; privateKey: string; publicKey: string; gateway?: string }): AlipaySdk {
  return new AlipaySdk({
    appId: options.appId,
    privateKey: privateKeyPem(options.privateKey),
    keyType: 'PKCS8',
    alipayPublicKey: publicKeyPem(options.publicKey),
    signType: 'RSA2',
    ...(options.gateway ? { gateway: options.gateway } : {}),
  });
}

/** Alipay's trade statuses that mean the money has arrived. */
const PAID_STATUSES = new Set(['TRADE_SUCCESS', 'TRADE_FINISHED']);

/**
 * An Alipay-style notification checked through the official SDK (RSA2 over the sorted parameters,
 * without sign and sign_type, values as received), then read: null when the signature or the fields
 * do not hold.
 */
export function verifyAlipayStyle(
  sdk: AlipaySdk,
  fields: Readonly<Record<string, string>>,
  appId: string | null,
): ProviderReport | null {
  if (!fields.sign || !sdk.checkNotifySignV2({ ...fields })) return null;
  if (appId !== null && fields.app_id !== appId) return null;
  const amount = fields.total_amount === undefined ? null : minorAmount(fields.total_amount);
  if (!fields.out_trade_no || !fields.trade_no || !fields.trade_status || amount === null) return null;
  return {
    paymentId: fields.out_trade_no,
    tradeId: fields.trade_no,
    paid: PAID_STATUSES.has(fields.trade_status),
    amount,
    currency: null,
  };
}
