import type { ProviderName } from '../rules.js';

/** What a provider needs to open a payment page. */
export interface PaymentToOpen {
  paymentId: string;
  amount: number;
  currency: string;
  title: string;
  /** Where the provider sends its asynchronous notification. */
  notifyUrl: string;
  /** Where the customer's browser goes afterwards. */
  returnUrl: string;
  /** The provider should stop taking the payment here. */
  payableUntil: Date;
}

/** How a notification arrived: form fields (Alipay, the sandbox) or a raw body with a signature header (Stripe). */
export type NotificationInput =
  | { kind: 'form'; fields: Readonly<Record<string, string>> }
  | { kind: 'raw'; body: string; signature: string };

/** What a verified notification (or a query) says about one of our payments. */
export interface ProviderReport {
  paymentId: string;
  /** The provider's id of the transaction; present when it is paid. */
  tradeId: string | null;
  paid: boolean;
  /** Minor units, as the provider reports them; null when it did not say. */
  amount: number | null;
  currency: string | null;
}

/** A verified notification: a report, or an event that concerns no payment of ours (Stripe sends many kinds). */
export type VerifiedNotification = { kind: 'report'; report: ProviderReport } | { kind: 'irrelevant' };

export interface PaymentToRefund {
  refundId: string;
  paymentId: string;
  providerTradeId: string;
  providerRef: string | null;
  amount: number;
  currency: string;
  reason: string | null;
}

/**
 * One payment provider. Every method but `verifyNotification` may call the provider over the network,
 * so the services call them outside transactions only.
 */
export interface PaymentProvider {
  name: ProviderName;
  /** Opens the payment at the provider: where the customer pays, and the provider's id of it. */
  createPayment(payment: PaymentToOpen): Promise<{ payUrl: string; providerRef: string | null }>;
  /** Checks a notification's signature: null when it does not verify (or cannot be read). */
  verifyNotification(input: NotificationInput): Promise<VerifiedNotification | null>;
  /** Asks the provider how a payment stands now. */
  queryPayment(payment: { id: string; providerRef: string | null }): Promise<ProviderReport>;
  /** Sends a refund; idempotent per `refundId` at the provider. Answers the provider's refund id. */
  refund(refund: PaymentToRefund): Promise<{ providerRefundId: string }>;
}
