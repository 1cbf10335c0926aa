import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestActor } from '../support/actors.js';
import { createActor } from '../support/actors.js';
import type { TestApp } from '../support/app.js';
import { createSeatedSession, createTieredSession, customer, holdOrder, unitsOf } from '../support/orders.js';
import {
  createPaymentsTestApp,
  deliverNotifications,
  injectTransport,
  openPayment,
  paymentCounts,
  paymentRow,
  payThroughSandbox,
  postNotification,
  queuedNotification,
  rsaKeyPair,
  signedFields,
  startPayment,
  submitSandbox,
  ticketsOf,
} from '../support/payments.js';
import { createSchedulingWorld, type SchedulingWorld } from '../support/scheduling.js';

describe('paying through the sandbox', () => {
  let t: TestApp;
  let world: SchedulingWorld;
  let buyer: TestActor;
  let stranger: TestActor;

  beforeAll(async () => {
    t = await createPaymentsTestApp();
    world = await createSchedulingWorld(t);
    buyer = await customer(t);
    stranger = await customer(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const getOrder = (actor: TestActor, id: string) =>
    t.app.inject({ method: 'GET', url: `/api/orders/${id}`, headers: actor.headers });
  const twoSeats = async () => {
    const session = await createSeatedSession(t, world);
    const seats = [session.at(2, 1).id, session.at(2, 2).id];
    const order = await holdOrder(t, buyer, { sessionId: session.id, seats });
    return { session, seats, order };
  };

  it('runs hold → payment → the sandbox page → Pay → the notification → paid, tickets issued, units sold', async () => {
    const { session, seats, order } = await twoSeats();
    const { paymentId, payUrl } = await openPayment(t, buyer, order.id);
    expect(payUrl).toBe(`${t.config.publicUrl}/pay/sandbox/${paymentId}`);

    const page = await t.app.inject({ method: 'GET', url: `/pay/sandbox/${paymentId}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('90.00 CNY');
    expect(page.body).toContain(`${world.movie.title} × 2`);
    expect(page.body).toMatch(/name="action" value="pay"/);
    expect(page.body).toMatch(/name="action" value="fail"/);

    const pressed = await submitSandbox(t, paymentId, 'pay');
    expect(pressed.statusCode, pressed.body).toBe(200);
    // Asynchronous, like Alipay: nothing is paid until the notification is delivered.
    expect((await getOrder(buyer, order.id)).json().status).toBe('pending');
    expect(await deliverNotifications(t)).toBe(1);
    expect(await deliverNotifications(t)).toBe(0);

    const view = (await getOrder(buyer, order.id)).json();
    expect(view.status).toBe('paid');
    expect(view.paidAt).toEqual(expect.any(String));
    expect(view.payments).toEqual([
      expect.objectContaining({ id: paymentId, provider: 'sandbox', status: 'paid', amount: { amount: 9000, currency: 'CNY' } }),
    ]);
    expect(view.tickets).toHaveLength(2);
    expect(view.tickets.map((ticket: { unitId: string }) => ticket.unitId).sort()).toEqual([...seats].sort());
    expect(view.tickets.every((ticket: { status: string }) => ticket.status === 'valid')).toBe(true);
    const units = (await unitsOf(t, session.id)).filter((unit) => seats.includes(unit.id));
    expect(units.map((unit) => [unit.state, unit.order_id, unit.held_until])).toEqual([
      ['sold', order.id, null],
      ['sold', order.id, null],
    ]);
    const row = await paymentRow(t, paymentId);
    expect(row).toMatchObject({ status: 'paid', applied: true, flagged_reason: null });
    expect(row.provider_trade_id).toMatch(/^SBX/);
    // The page now says so, and a second Pay changes nothing.
    expect((await t.app.inject({ method: 'GET', url: `/pay/sandbox/${paymentId}` })).body).toContain('paid');
    await submitSandbox(t, paymentId, 'pay');
    expect(await deliverNotifications(t)).toBe(0);
  });

  it('extends the hold of the order and its units by the payment window', async () => {
    const { session, seats, order } = await twoSeats();
    t.clock.advance(14 * 60_000);
    await openPayment(t, buyer, order.id);
    const expected = new Date(t.clock.now().getTime() + 10 * 60_000).toISOString();
    expect((await getOrder(buyer, order.id)).json().expiresAt).toBe(expected);
    const held = (await unitsOf(t, session.id)).filter((unit) => seats.includes(unit.id));
    expect(held.map((unit) => [unit.state, new Date(unit.held_until!).toISOString()])).toEqual([
      ['held', expected],
      ['held', expected],
    ]);
    // Past the original 15 minutes the order is still pending, and no one else can take the seats.
    t.clock.advance(5 * 60_000);
    const other = await customer(t);
    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: other.headers,
      payload: { sessionId: session.id, seats },
    });
    expect(taken.statusCode).toBe(409);
    t.clock.advance(-19 * 60_000);
  });

  it('applies the same notification exactly once when it arrives ten times at once', async () => {
    const { order } = await twoSeats();
    const { paymentId } = await openPayment(t, buyer, order.id);
    await submitSandbox(t, paymentId, 'pay');
    const fields = await queuedNotification(t, paymentId);
    const before = await paymentCounts(t);
    const answers = await Promise.all(Array.from({ length: 10 }, () => postNotification(t, 'sandbox', fields)));
    expect(answers.map((answer) => [answer.statusCode, answer.body])).toEqual(Array(10).fill([200, 'success']));
    const after = await paymentCounts(t);
    expect(after.paid - before.paid).toBe(1);
    expect(after.tickets - before.tickets).toBe(2);
    expect(after.sold - before.sold).toBe(2);
    expect(after.inbox - before.inbox).toBe(10);
    expect(await ticketsOf(t, order.id)).toHaveLength(2);
    // The outbox's own delivery afterwards is one more duplicate.
    expect(await deliverNotifications(t)).toBe(1);
    expect(await ticketsOf(t, order.id)).toHaveLength(2);
  });

  it('answers failure to a forged signature and changes nothing', async () => {
    const { order } = await twoSeats();
    const { paymentId } = await openPayment(t, buyer, order.id);
    await submitSandbox(t, paymentId, 'pay');
    const genuine = await queuedNotification(t, paymentId);
    const forger = rsaKeyPair();
    const { sign: _sign, sign_type: _type, ...unsigned } = genuine;
    const before = await paymentCounts(t);
    for (const forged of [
      signedFields(unsigned, forger.privateKey),
      { ...genuine, total_amount: '0.01' },
      { ...genuine, trade_no: 'SBX-someone-else' },
      { ...genuine, sign: 'AAAA' },
    ]) {
      const answer = await postNotification(t, 'sandbox', forged);
      expect([answer.statusCode, answer.body]).toEqual([200, 'failure']);
    }
    const after = await paymentCounts(t);
    expect({ ...after, inbox: 0 }).toEqual({ ...before, inbox: 0 });
    expect(after.inbox - before.inbox).toBe(4);
    expect((await paymentRow(t, paymentId)).status).toBe('pending');
    expect((await getOrder(buyer, order.id)).json().status).toBe('pending');
  });

  it('flags a notification whose amount is not the payment’s and never applies it', async () => {
    const { order } = await twoSeats();
    const { paymentId } = await openPayment(t, buyer, order.id);
    await submitSandbox(t, paymentId, 'pay');
    const { sign: _sign, sign_type: _type, ...fields } = await queuedNotification(t, paymentId);
    const keys = t.config.sandboxKeys!;
    const before = await paymentCounts(t);
    const answer = await postNotification(t, 'sandbox', signedFields({ ...fields, total_amount: '1.00' }, keys.privateKey));
    expect(answer.body).toBe('failure');
    const row = await paymentRow(t, paymentId);
    expect(row.status).toBe('pending');
    expect(row.flagged_reason).toContain('amount-mismatch');
    expect({ ...(await paymentCounts(t)), inbox: 0 }).toEqual({ ...before, inbox: 0 });
  });

  it('retries a delivery that is not answered success, with a growing pause', async () => {
    // Deliveries queued by the tests before this one go out first.
    await deliverNotifications(t);
    const { order } = await twoSeats();
    const { paymentId } = await openPayment(t, buyer, order.id);
    await submitSandbox(t, paymentId, 'pay');
    let calls = 0;
    const flaky: typeof injectTransport extends (t: TestApp) => infer T ? T : never = async (path, body) => {
      calls += 1;
      if (calls === 1) throw new Error('connection refused');
      if (calls === 2) return { status: 502, text: 'bad gateway' };
      return injectTransport(t)(path, body);
    };
    expect(await deliverNotifications(t, flaky)).toBe(0);
    expect(await deliverNotifications(t, flaky)).toBe(0);
    t.clock.advance(10_000);
    expect(await deliverNotifications(t, flaky)).toBe(0);
    expect(calls).toBe(2);
    t.clock.advance(20_000);
    expect(await deliverNotifications(t, flaky)).toBe(1);
    expect(calls).toBe(3);
    expect((await getOrder(buyer, order.id)).json().status).toBe('paid');
  });

  it('marks a payment failed on Fail; the customer may pay again', async () => {
    const { order } = await twoSeats();
    const first = await openPayment(t, buyer, order.id);
    const failed = await submitSandbox(t, first.paymentId, 'fail');
    expect(failed.statusCode).toBe(200);
    expect((await paymentRow(t, first.paymentId)).status).toBe('failed');
    expect(await deliverNotifications(t)).toBe(0);
    await payThroughSandbox(t, buyer, order.id);
    const view = (await getOrder(buyer, order.id)).json();
    expect(view.status).toBe('paid');
    expect(view.payments.map((payment: { status: string }) => payment.status).sort()).toEqual(['failed', 'paid']);
  });

  it('opens payments only for the customer’s own pending order', async () => {
    const { order } = await twoSeats();
    const other = await startPayment(t, stranger, order.id);
    expect(other.statusCode).toBe(404);
    const merchant = await createActor(t, 'merchant', { merchantId: world.merchant.merchantId });
    expect((await startPayment(t, merchant, order.id)).statusCode).toBe(401);
    expect((await startPayment(t, { headers: {} }, order.id)).statusCode).toBe(401);
    for (const provider of ['alipay', 'stripe']) {
      const refused = await startPayment(t, buyer, order.id, provider);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error).toMatchObject({ code: 'PROVIDER_NOT_CONFIGURED', details: { provider } });
    }
    const unknown = await startPayment(t, buyer, order.id, 'paypal');
    expect(unknown.statusCode).toBe(400);
    const cancelled = await t.app.inject({ method: 'POST', url: `/api/orders/${order.id}/cancel`, headers: buyer.headers });
    expect(cancelled.statusCode).toBe(200);
    const late = await startPayment(t, buyer, order.id);
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({ code: 'ORDER_NOT_PENDING', details: { status: 'cancelled' } });
  });

  it('answers a retried start with the same payment when it carries the same Idempotency-Key', async () => {
    const { order } = await twoSeats();
    const start = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/orders/${order.id}/payments`,
        headers: { ...buyer.headers, 'idempotency-key': '5f0e4d1c-7a45-4f7e-9a50-3f1c2b9d8e11' },
        payload: { provider: 'sandbox' },
      });
    const [first, second] = [await start(), await start()];
    expect(first.statusCode, first.body).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect((await getOrder(buyer, order.id)).json().payments).toHaveLength(1);
  });

  it('documents its endpoints in the OpenAPI spec', async () => {
    const paths = Object.keys((await t.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/orders/{id}/payments',
        '/api/orders/{id}/refunds',
        '/api/merchant/orders',
        '/api/merchant/orders/{id}/refunds',
        '/api/payments/sandbox/notify',
        '/api/payments/alipay/notify',
        '/api/payments/stripe/webhook',
        '/pay/sandbox/{paymentId}',
      ]),
    );
  });

  it('refuses malformed and oversized bodies with a 4xx and writes nothing', async () => {
    const session = await createTieredSession(t, world);
    const order = await holdOrder(t, buyer, { sessionId: session.id, tiers: [{ tierId: session.tiers[1]!.id, quantity: 1 }] });
    const { paymentId } = await openPayment(t, buyer, order.id);
    const before = await paymentCounts(t);
    const post = (url: string, payload: string, type = 'application/x-www-form-urlencoded') =>
      t.app.inject({ method: 'POST', url, headers: { 'content-type': type }, payload });
    const answers = [
      await post('/api/payments/sandbox/notify', 'out_trade_no=x'),
      await post('/api/payments/sandbox/notify', `out_trade_no=${paymentId}&out_trade_no=${paymentId}&trade_no=1&trade_status=TRADE_SUCCESS&total_amount=1&sign=x`),
      await post('/api/payments/sandbox/notify', `sign=${'x'.repeat(70_000)}`),
      await post('/api/payments/sandbox/notify', '{"out_trade_no":1}', 'application/json'),
      await post(`/pay/sandbox/${paymentId}`, 'action=steal'),
      await post('/pay/sandbox/not-a-uuid', 'action=pay'),
      await t.app.inject({ method: 'GET', url: '/pay/sandbox/00000000-0000-4000-8000-000000000000' }),
      await t.app.inject({
        method: 'POST',
        url: `/api/orders/${order.id}/payments`,
        headers: buyer.headers,
        payload: { provider: 'sandbox', amount: 1 },
      }),
      await t.app.inject({
        method: 'POST',
        url: `/api/orders/${order.id}/payments`,
        headers: { ...buyer.headers, 'content-type': 'application/json' },
        payload: '{"provider":',
      }),
    ];
    expect(answers.map((answer) => answer.statusCode)).toEqual([400, 400, 413, 400, 400, 400, 404, 400, 400]);
    expect(await paymentCounts(t)).toEqual(before);
  });
});
