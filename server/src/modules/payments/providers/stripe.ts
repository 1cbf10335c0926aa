import Stripe from 'stripe';
import type { StripeSettings } from '../../../config.js';
import { DomainError } from '../../../http/errors.js';
import type { PaymentProvider, ProviderReport } from './types.js';

/** Stripe's HTTP client: the one network boundary of this provider. */
export type StripeHttpClient = Stripe.HttpClient;

const notPaid = (paymentId: string): ProviderReport => ({
  paymentId,
  tradeId: null,
  paid: false,
  amount: null,
  currency: null,
});

/** A Checkout Session as a report on our payment (its `client_reference_id`). */
function reportOf(session: Stripe.Checkout.Session): ProviderReport | null {
  if (!session.client_reference_id) return null;
  const intent = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
  const paid = session.payment_status === 'paid';
  return {
    paymentId: session.client_reference_id,
    tradeId: paid ? (intent ?? session.id) : null,
    paid,
    amount: session.amount_total,
    currency: session.currency ? session.currency.toUpperCase() : null,
  };
}

const unavailable = (error: unknown) =>
  new DomainError('PROVIDER_UNAVAILABLE', 'Stripe did not answer as expected', {
    reason: error instanceof Error ? error.message : String(error),
  });

/**
 * Stripe through the stripe package: a Checkout Session per payment (amounts are minor units already),
 * webhooks verified with the endpoint's signing secret over the raw body, refunds of the session's
 * PaymentIntent with the refund id as idempotency key.
 */
export function stripeProvider(settings: StripeSettings, httpClient?: StripeHttpClient): PaymentProvider {
  const stripe = new Stripe(settings.secretKey, {
    maxNetworkRetries: 2,
    ...(httpClient ? { httpClient } : {}),
  });
  return {
    name: 'stripe',
    async createPayment(payment) {
      try {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            client_reference_id: payment.paymentId,
            metadata: { paymentId: payment.paymentId },
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: payment.currency.toLowerCase(),
                  unit_amount: payment.amount,
                  product_data: { name: payment.title.slice(0, 250) },
                },
              },
            ],
            success_url: payment.returnUrl,
            cancel_url: payment.returnUrl,
            // Stripe takes 30 minutes at the least; our hold ends earlier and a later payment is refunded.
            expires_at: Math.floor(Math.max(payment.payableUntil.getTime(), Date.now() + 31 * 60_000) / 1000),
          },
          { idempotencyKey: `checkout-${payment.paymentId}` },
        );
        if (!session.url) throw new Error('no session url');
        return { payUrl: session.url, providerRef: session.id };
      } catch (error) {
        throw unavailable(error);
      }
    },
    async verifyNotification(input) {
      if (input.kind !== 'raw') return null;
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(input.body, input.signature, settings.webhookSecret);
      } catch {
        return null;
      }
      if (event.type !== 'checkout.session.completed' && event.type !== 'checkout.session.async_payment_succeeded') {
        return { kind: 'irrelevant' };
      }
      const report = reportOf(event.data.object);
      return report ? { kind: 'report', report } : { kind: 'irrelevant' };
    },
    async queryPayment(payment) {
      if (!payment.providerRef) return notPaid(payment.id);
      try {
        return reportOf(await stripe.checkout.sessions.retrieve(payment.providerRef)) ?? notPaid(payment.id);
      } catch (error) {
        throw unavailable(error);
      }
    },
    async refund(refund) {
      try {
        const made = await stripe.refunds.create(
          { payment_intent: refund.providerTradeId, amount: refund.amount },
          { idempotencyKey: `refund-${refund.refundId}` },
        );
        return { providerRefundId: made.id };
      } catch (error) {
        throw unavailable(error);
      }
    },
  };
}
