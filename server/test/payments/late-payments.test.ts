import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestActor } from '../support/actors.js';
import type { TestApp } from '../support/app.js';
import { createSeatedSession, customer, expectSound, holdOrder, inventoryReport, sweep, unitsOf } from '../support/orders.js';
import {
  createPaymentsTestApp,
  deliverNotifications,
  openPayment,
  paymentRow,
  postNotification,
  queuedNotification,
  refundsOfPayment,
  settlePayments,
  signedFields,
  submitSandbox,
  ticketsOf,
} from '../support/payments.js';
import { createSchedulingWorld, type SchedulingWorld } from '../support/scheduling.js';
import { UNAVAILABLE_REASON } from '../../src/modules/payments/service/apply-notification.js';

describe('payments that arrive late', () => {
  let t: TestApp;
  let world: SchedulingWorld;
  let buyer: TestActor;

  beforeAll(async () => {
    t = await createPaymentsTestApp();
    world = await createSchedulingWorld(t);
    buyer = await customer(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const statusOf = async (actor: TestActor, id: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/orders/${id}`, headers: actor.headers })).json().status;

  /** An order of two seats whose customer pressed Pay, with the notification still queued. */
  const paidButUndelivered = async () => {
    const session = await createSeatedSession(t, world);
    const seats = [session.at(2, 1).id, session.at(2, 2).id];
    const order = await holdOrder(t, buyer, { sessionId: session.id, seats });
    const { paymentId } = await openPayment(t, buyer, order.id);
    expect((await submitSandbox(t, paymentId, 'pay')).statusCode).toBe(200);
    return { session, seats, order, paymentId };
  };
  /** Moves past the hold (15 minutes) and lets the sweeper expire the order. */
  const lapse = async () => {
    t.clock.advance(16 * 60_000);
    await sweep(t);
  };

  it('applies a payment that arrives after the hold ended when the places are still free', async () => {
    const { session, seats, order, paymentId } = await paidButUndelivered();
    await lapse();
    expect(await statusOf(buyer, order.id)).toBe('expired');
    expect((await unitsOf(t, session.id)).filter((unit) => seats.includes(unit.id)).map((unit) => unit.state)).toEqual([
      'free',
      'free',
    ]);
    expect(await deliverNotifications(t)).toBe(1);
    expect(await statusOf(buyer, order.id)).toBe('paid');
    expect((await unitsOf(t, session.id)).filter((unit) => seats.includes(unit.id)).map((unit) => [unit.state, unit.order_id])).toEqual([
      ['sold', order.id],
      ['sold', order.id],
    ]);
    expect(await ticketsOf(t, order.id)).toHaveLength(2);
    expect(await refundsOfPayment(t, paymentId)).toEqual([]);
    expectSound(await inventoryReport(t, session.id), 0);
  });

  it('refunds a late payment in full, with a reason, when the places were sold to someone else', async () => {
    const { session, seats, order, paymentId } = await paidButUndelivered();
    await lapse();
    const rival = await customer(t);
    const rivalOrder = await holdOrder(t, rival, { sessionId: session.id, seats });
    expect(await deliverNotifications(t)).toBe(1);
    expect(await statusOf(buyer, order.id)).toBe('expired');
    expect(await ticketsOf(t, order.id)).toEqual([]);
    expect(await paymentRow(t, paymentId)).toMatchObject({ status: 'paid', applied: false });
    expect(await refundsOfPayment(t, paymentId)).toEqual([
      expect.objectContaining({ amount: 9000, status: 'succeeded', initiated_by: 'system', reason: UNAVAILABLE_REASON }),
    ]);
    // The rival's hold is untouched.
    expect((await unitsOf(t, session.id)).filter((unit) => seats.includes(unit.id)).map((unit) => [unit.state, unit.order_id])).toEqual([
      ['held', rivalOrder.id],
      ['held', rivalOrder.id],
    ]);
    // Hearing of it again changes nothing.
    const again = await postNotification(t, 'sandbox', await queuedNotification(t, paymentId));
    expect(again.body).toBe('success');
    expect(await refundsOfPayment(t, paymentId)).toHaveLength(1);
  });

  it('asks the provider before the sweeper expires an order with a payment in flight', async () => {
    const { session, seats, order, paymentId } = await paidButUndelivered();
    t.clock.advance(16 * 60_000);
    expect(await settlePayments(t)).toBe(1);
    await sweep(t);
    expect(await statusOf(buyer, order.id)).toBe('paid');
    expect((await unitsOf(t, session.id)).filter((unit) => seats.includes(unit.id)).every((unit) => unit.state === 'sold')).toBe(true);
    // The notification that follows is a duplicate.
    expect(await deliverNotifications(t)).toBe(1);
    expect(await ticketsOf(t, order.id)).toHaveLength(2);
    expect((await paymentRow(t, paymentId)).status).toBe('paid');
    // A payment nobody paid is asked about once and left to its notification.
    const idle = await createSeatedSession(t, world);
    const idleOrder = await holdOrder(t, buyer, { sessionId: idle.id, seats: [idle.at(3, 1).id] });
    await openPayment(t, buyer, idleOrder.id);
    t.clock.advance(16 * 60_000);
    expect(await settlePayments(t)).toBe(0);
    await sweep(t);
    expect(await statusOf(buyer, idleOrder.id)).toBe('expired');
  });

  it('refunds a payment of an order its customer cancelled meanwhile', async () => {
    const { session, seats, order, paymentId } = await paidButUndelivered();
    const cancelled = await t.app.inject({ method: 'POST', url: `/api/orders/${order.id}/cancel`, headers: buyer.headers });
    expect(cancelled.statusCode).toBe(200);
    expect(await deliverNotifications(t)).toBe(1);
    expect(await statusOf(buyer, order.id)).toBe('cancelled');
    expect(await refundsOfPayment(t, paymentId)).toEqual([expect.objectContaining({ amount: 9000, initiated_by: 'system' })]);
    expect((await unitsOf(t, session.id)).filter((unit) => seats.includes(unit.id)).every((unit) => unit.state === 'free')).toBe(true);
  });

  it('refunds the second of two payments of one order in full', async () => {
    const session = await createSeatedSession(t, world);
    const order = await holdOrder(t, buyer, { sessionId: session.id, seats: [session.at(3, 1).id] });
    const first = await openPayment(t, buyer, order.id);
    const second = await openPayment(t, buyer, order.id);
    await submitSandbox(t, first.paymentId, 'pay');
    await submitSandbox(t, second.paymentId, 'pay');
    expect(await deliverNotifications(t)).toBe(2);
    expect(await statusOf(buyer, order.id)).toBe('paid');
    expect(await ticketsOf(t, order.id)).toHaveLength(1);
    const refunded = [...(await refundsOfPayment(t, first.paymentId)), ...(await refundsOfPayment(t, second.paymentId))];
    expect(refunded).toEqual([expect.objectContaining({ amount: 4500, initiated_by: 'system', status: 'succeeded' })]);
  });

  it('answers failure to a signed notification of a payment it does not know', async () => {
    const keys = t.config.sandboxKeys!;
    const fields = signedFields(
      {
        app_id: 'boxoffice-sandbox',
        out_trade_no: randomUUID(),
        trade_no: 'SBX1',
        trade_status: 'TRADE_SUCCESS',
        total_amount: '45.00',
      },
      keys.privateKey,
    );
    expect((await postNotification(t, 'sandbox', fields)).body).toBe('failure');
    expect((await postNotification(t, 'sandbox', { ...fields, out_trade_no: 'not-ours' })).body).toBe('failure');
  });
});
