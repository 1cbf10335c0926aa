import { randomBytes } from 'node:crypto';
import type { RsaKeyPair } from '../../../config.js';
import type { Db } from '../../../db/client.js';
import * as repo from '../repo.js';
import { alipaySdkOf, verifyAlipayStyle } from './alipay-verify.js';
import type { PaymentProvider, ProviderReport } from './types.js';

/** The app id the sandbox writes into its notifications, as Alipay writes the merchant's. */
export const SANDBOX_APP_ID = 'boxoffice-sandbox';

/** A trade number as the sandbox hands them out: unique, and plainly not Alipay's. */
export const sandboxTradeNo = (): string => `SBX${Date.now()}${randomBytes(6).toString('hex')}`;

/**
 * The built-in provider: behaves like Alipay's page pay with no account. Its "gateway" is our own
 * hosted page (GET /pay/sandbox/:id); paying there queues a notification signed with the sandbox's RSA
 * key exactly as Alipay signs, which the sandbox outbox delivers to the notify URL with retries.
 * Verification goes through alipay-sdk with the sandbox's public key, as Alipay's would.
 */
export function sandboxProvider(db: Db, keys: RsaKeyPair, publicUrl: string): PaymentProvider {
  const sdk = alipaySdkOf({ appId: SANDBOX_APP_ID, privateKey: keys.privateKey, publicKey: keys.publicKey });
  const base = publicUrl.replace(/\/+$/, '');
  return {
    name: 'sandbox',
    async createPayment(payment) {
      return { payUrl: `${base}/pay/sandbox/${payment.paymentId}`, providerRef: null };
    },
    async verifyNotification(input) {
      if (input.kind !== 'form') return null;
      const report = verifyAlipayStyle(sdk, input.fields, SANDBOX_APP_ID);
      return report ? { kind: 'report', report } : null;
    },
    async queryPayment(payment): Promise<ProviderReport> {
      // The sandbox's books are its outbox: a payment made on its page has its notification queued.
      const delivery = await repo.findSandboxDelivery(db, payment.id);
      const report = delivery && verifyAlipayStyle(sdk, Object.fromEntries(new URLSearchParams(delivery.body)), SANDBOX_APP_ID);
      return report || { paymentId: payment.id, tradeId: null, paid: false, amount: null, currency: null };
    },
    async refund(refund) {
      return { providerRefundId: `SBXR-${refund.refundId}` };
    },
  };
}
