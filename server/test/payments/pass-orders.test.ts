import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestActor } from '../support/actors.js';
import type { TestApp } from '../support/app.js';
import { customer, holdOrder, unitsOf } from '../support/orders.js';
import { activePass, createTestProduct, openEntryDays, passOrderBody } from '../support/passes.js';
import { createPaymentsTestApp, paymentCounts } from '../support/payments.js';
import { createSchedulingWorld } from '../support/scheduling.js';
import { createTestVisitor } from '../support/visitors.js';

describe('refunding an order booked with an annual pass', () => {
  let t: TestApp;
  let buyer: TestActor;

  beforeAll(async () => {
    t = await createPaymentsTestApp();
    buyer = await customer(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives back the ticket, the place and the pass’s day, and no money', async () => {
    const world = await createSchedulingWorld(t);
    const product = await createTestProduct(t, world);
    const [day] = await openEntryDays(t, world, { from: '2026-11-21', to: '2026-11-21' });
    const visitor = await createTestVisitor(t, buyer);
    const pass = await activePass(t, buyer, product.id, visitor.id);
    const order = await holdOrder(t, buyer, passOrderBody(day!, pass.id));
    expect(order.status).toBe('paid');
    const before = await paymentCounts(t);
    const refund = await t.app.inject({ method: 'POST', url: `/api/orders/${order.id}/refunds`, headers: buyer.headers, payload: {} });
    expect(refund.statusCode, refund.body).toBe(201);
    expect(refund.json()).toMatchObject({ amount: { amount: 0 }, status: 'succeeded' });
    const view = (await t.app.inject({ method: 'GET', url: `/api/orders/${order.id}`, headers: buyer.headers })).json();
    expect(view.status).toBe('refunded');
    expect(view.refunds).toEqual([expect.objectContaining({ paymentId: null, status: 'succeeded' })]);
    expect(view.tickets.map((ticket: { status: string }) => ticket.status)).toEqual(['refunded']);
    expect((await unitsOf(t, day!.id)).filter((unit) => unit.state === 'sold')).toEqual([]);
    expect((await paymentCounts(t)).paid).toBe(before.paid);
    // The pass has its day and its entry back: the same day books again.
    const mine = (await t.app.inject({ method: 'GET', url: `/api/me/passes/${pass.id}`, headers: buyer.headers })).json();
    expect(mine).toMatchObject({ entriesUsed: 0, bookings: [] });
    const again = await holdOrder(t, buyer, passOrderBody(day!, pass.id));
    expect(again.status).toBe('paid');
  });
});
