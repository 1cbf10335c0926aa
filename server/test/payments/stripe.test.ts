import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestActor } from '../support/actors.js';
import type { TestApp } from '../support/app.js';
import { createSeatedSession, customer, holdOrder } from '../support/orders.js';
import { createPaymentsTestApp, openPayment, paymentCounts, paymentRow, refundsOfPayment } from '../support/payments.js';
import { createSchedulingWorld, type SchedulingWorld } from '../support/scheduling.js';

const WEBHOOK_SECRET = 'whsec_test_boxoffice';

interface StripeCall {
  method: string;
  path: string;
  body: URLSearchParams;
}

/** Stripe's API as its HTTP client reaches it: the one part replaced. Answers by method and path. */
function stripeApi(calls: StripeCall[], answer: (call: StripeCall) => Record<string, unknown>): Stripe.HttpClient {
  return {
    getClientName: () => 'test',
    async makeRequest(_host, _port, path, method, _headers, requestData) {
      const call = { method, path, body: new URLSearchParams(requestData) };
      calls.push(call);
      const json = answer(call);
      return {
        getStatusCode: () => 200,
        getHeaders: () => ({ 'request-id': `req_${calls.length}` }),
        getRawResponse: () => json,
        toStream: () => null,
        toJSON: async () => json,
      };
    },
  };
}

describe('Stripe through the stripe package', () => {
  let t: TestApp;
  let world: SchedulingWorld;
  let buyer: TestActor;
  const calls: StripeCall[] = [];
  const stripe = new Stripe('sk_test_boxoffice');

  beforeAll(async () => {
    t = await createPaymentsTestApp(
      { STRIPE_SECRET_KEY: 'sk_test_boxoffice', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET },
      {
        stripeHttpClient: stripeApi(calls, (call) => {
          if (call.path === '/v1/checkout/sessions') {
            const id = `cs_test_${calls.length}`;
            return { id, object: 'checkout.session', url: `https://checkout.stripe.com/c/pay/${id}` };
          }
          if (call.path === '/v1/refunds') return { id: `re_${calls.length}`, object: 'refund', status: 'succeeded' };
          throw new Error(`unexpected ${call.method} ${call.path}`);
        }),
      },
    );
    world = await createSchedulingWorld(t);
    buyer = await customer(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const completed = (paymentId: string, amount: number, intent = 'pi_test_1') =>
    JSON.stringify({
      id: `evt_${paymentId.slice(0, 8)}`,
      object: 'event',
      type: 'checkout.session.completed',
      data: {
        object: {
          id: 'cs_test_1',
          object: 'checkout.session',
          client_reference_id: paymentId,
          payment_status: 'paid',
          payment_intent: intent,
          amount_total: amount,
          currency: 'cny',
        },
      },
    });
  const webhook = (payload: string, signature: string | null) =>
    t.app.inject({
      method: 'POST',
      url: '/api/payments/stripe/webhook',
      headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'stripe-signature': signature }) },
      payload,
    });
  const signed = (payload: string, secret = WEBHOOK_SECRET) => stripe.webhooks.generateTestHeaderString({ payload, secret });

  it('opens a Checkout Session and applies its signed webhook once; refunds the PaymentIntent', async () => {
    const session = await createSeatedSession(t, world);
    const order = await holdOrder(t, buyer, { sessionId: session.id, seats: [session.at(2, 1).id, session.at(2, 2).id] });
    const { paymentId, payUrl } = await openPayment(t, buyer, order.id, 'stripe');
    expect(payUrl).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const created = calls.find((call) => call.path === '/v1/checkout/sessions')!;
    expect(created.body.get('client_reference_id')).toBe(paymentId);
    expect(created.body.get('line_items[0][price_data][unit_amount]')).toBe('9000');
    expect(created.body.get('line_items[0][price_data][currency]')).toBe('cny');

    const payload = completed(paymentId, 9000);
    const answers = await Promise.all([1, 2, 3].map(() => webhook(payload, signed(payload))));
    expect(answers.map((answer) => [answer.statusCode, answer.body])).toEqual(Array(3).fill([200, 'success']));
    expect(await paymentRow(t, paymentId)).toMatchObject({ status: 'paid', applied: true, provider_trade_id: 'pi_test_1' });
    const view = (await t.app.inject({ method: 'GET', url: `/api/orders/${order.id}`, headers: buyer.headers })).json();
    expect(view.status).toBe('paid');
    expect(view.tickets).toHaveLength(2);

    const refund = await t.app.inject({
      method: 'POST',
      url: `/api/orders/${order.id}/refunds`,
      headers: buyer.headers,
      payload: { ticketIds: [view.tickets[0].id] },
    });
    expect(refund.statusCode, refund.body).toBe(201);
    expect(refund.json().status).toBe('succeeded');
    const sent = calls.find((call) => call.path === '/v1/refunds')!;
    expect([sent.body.get('payment_intent'), sent.body.get('amount')]).toEqual(['pi_test_1', '4500']);
    expect(await refundsOfPayment(t, paymentId)).toEqual([expect.objectContaining({ amount: 4500, status: 'succeeded' })]);
  });

  it('answers 400 failure to a bad or missing signature and changes nothing; other events are acknowledged', async () => {
    const session = await createSeatedSession(t, world);
    const order = await holdOrder(t, buyer, { sessionId: session.id, seats: [session.at(3, 1).id] });
    const { paymentId } = await openPayment(t, buyer, order.id, 'stripe');
    const payload = completed(paymentId, 4500, 'pi_test_2');
    const before = await paymentCounts(t);
    const refused = [
      await webhook(payload, signed(payload, 'whsec_someone_else')),
      await webhook(payload.replace('4500', '1'), signed(payload)),
      await webhook(payload, 't=1,v1=00'),
    ];
    expect(refused.map((answer) => [answer.statusCode, answer.body])).toEqual(Array(3).fill([400, 'failure']));
    expect((await webhook(payload, null)).statusCode).toBe(400);
    expect({ ...(await paymentCounts(t)), inbox: 0 }).toEqual({ ...before, inbox: 0 });
    const other = JSON.stringify({ id: 'evt_other', object: 'event', type: 'customer.created', data: { object: { id: 'cus_1' } } });
    expect((await webhook(other, signed(other))).body).toBe('success');
    const wrongAmount = completed(paymentId, 1, 'pi_test_3');
    expect((await webhook(wrongAmount, signed(wrongAmount))).body).toBe('failure');
    expect((await paymentRow(t, paymentId)).flagged_reason).toContain('amount-mismatch');
    expect((await paymentRow(t, paymentId)).status).toBe('pending');
  });
});
