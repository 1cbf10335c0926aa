import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, type TestActor } from '../support/actors.js';
import type { TestApp } from '../support/app.js';
import { createMerchantStaff } from '../support/catalog.js';
import {
  createSeatedSession,
  customer,
  customers,
  expectSound,
  holdOrder,
  inventoryReport,
  postOrder,
  statusCounts,
  unitsOf,
} from '../support/orders.js';
import {
  createPaymentsTestApp,
  paymentCounts,
  payThroughSandbox,
  refundsOfPayment,
  reissueCustomer,
  runRefundJob,
  ticketsOf,
} from '../support/payments.js';
import { createSchedulingWorld, type SchedulingWorld } from '../support/scheduling.js';

interface TicketOfView {
  id: string;
  unitId: string;
  status: string;
  code: string;
  price: { amount: number };
}

describe('refunds', () => {
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

  const getOrder = async (actor: TestActor, id: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/orders/${id}`, headers: actor.headers })).json();
  const refund = (actor: TestActor, orderId: string, body: object = {}, portal: 'customer' | 'merchant' = 'customer') =>
    t.app.inject({
      method: 'POST',
      url: portal === 'customer' ? `/api/orders/${orderId}/refunds` : `/api/merchant/orders/${orderId}/refunds`,
      headers: actor.headers,
      payload: body,
    });

  /** A paid order of three standard seats (row 2, 4500 each) in a fresh session. */
  const paidOrderOfThree = async (policy?: Record<string, unknown>) => {
    const session = await createSeatedSession(t, world, policy ? { policy } : {});
    const seats = [session.at(2, 1).id, session.at(2, 2).id, session.at(2, 3).id];
    const order = await holdOrder(t, buyer, { sessionId: session.id, seats });
    const paymentId = await payThroughSandbox(t, buyer, order.id);
    const tickets = (await getOrder(buyer, order.id)).tickets as TicketOfView[];
    expect(tickets).toHaveLength(3);
    return { session, seats, order, paymentId, tickets };
  };

  it('refunds one of three tickets: exactly that place is free again and is sold again exactly once', async () => {
    const { session, seats, order, paymentId, tickets } = await paidOrderOfThree();
    const middle = tickets.find((ticket) => ticket.unitId === seats[1])!;
    const answer = await refund(buyer, order.id, { ticketIds: [middle.id], reason: 'cannot come' });
    expect(answer.statusCode, answer.body).toBe(201);
    expect(answer.json()).toEqual({
      refundId: expect.any(String),
      amount: { amount: 4500, currency: 'CNY' },
      fee: { amount: 0, currency: 'CNY' },
      status: 'succeeded',
    });
    const units = new Map((await unitsOf(t, session.id)).map((unit) => [unit.id, unit]));
    expect(seats.map((id) => [units.get(id)!.state, units.get(id)!.order_id])).toEqual([
      ['sold', order.id],
      ['free', null],
      ['sold', order.id],
    ]);
    const view = await getOrder(buyer, order.id);
    expect(view.status).toBe('partially-refunded');
    expect(view.refunds).toEqual([
      expect.objectContaining({ id: answer.json().refundId, paymentId, status: 'succeeded', reason: 'cannot come' }),
    ]);
    expect((view.tickets as TicketOfView[]).map((ticket) => [ticket.unitId, ticket.status]).sort()).toEqual(
      [
        [seats[0], 'valid'],
        [seats[1], 'refunded'],
        [seats[2], 'valid'],
      ].sort(),
    );

    // The freed seat goes back on sale once: of eight buyers racing for it, one gets it.
    const racers = await customers(t, 8);
    const holds = await Promise.all(racers.map((racer) => postOrder(t, racer, { sessionId: session.id, seats: [seats[1]] })));
    expect(statusCounts(holds)).toEqual({ 201: 1, 409: 7 });
    expectSound(await inventoryReport(t, session.id), 1);
  });

  it('lets one of many parallel refunds of the same ticket win', async () => {
    const { session, seats, order, paymentId, tickets } = await paidOrderOfThree();
    const first = tickets.find((ticket) => ticket.unitId === seats[0])!;
    const answers = await Promise.all(Array.from({ length: 6 }, () => refund(buyer, order.id, { ticketIds: [first.id] })));
    expect(statusCounts(answers)).toEqual({ 201: 1, 422: 5 });
    for (const lost of answers.filter((answer) => answer.statusCode === 422)) {
      expect(lost.json().error.code).toBe('NOTHING_TO_REFUND');
    }
    expect(await refundsOfPayment(t, paymentId)).toHaveLength(1);
    expect((await unitsOf(t, session.id)).filter((unit) => unit.state === 'free' && seats.includes(unit.id))).toHaveLength(1);
  });

  it('refunds every ticket when none are named, never more than was paid', async () => {
    const { session, seats, order, paymentId } = await paidOrderOfThree();
    const answer = await refund(buyer, order.id);
    expect(answer.statusCode, answer.body).toBe(201);
    expect(answer.json().amount).toEqual({ amount: 13500, currency: 'CNY' });
    const view = await getOrder(buyer, order.id);
    expect(view.status).toBe('refunded');
    expect((await unitsOf(t, session.id)).filter((unit) => seats.includes(unit.id)).map((unit) => unit.state)).toEqual([
      'free',
      'free',
      'free',
    ]);
    const again = await refund(buyer, order.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'ORDER_NOT_PAID', details: { status: 'refunded' } });
    const refunds = await refundsOfPayment(t, paymentId);
    expect(refunds.reduce((sum, row) => sum + row.amount, 0)).toBe(13500);
  });

  it('takes the policy’s refund fee, rounded down', async () => {
    const { order } = await paidOrderOfThree({ refundFeePercent: 15 });
    const answer = await refund(buyer, order.id);
    expect(answer.statusCode, answer.body).toBe(201);
    // 13500 less 15 % (2025) for the customer.
    expect(answer.json()).toMatchObject({ amount: { amount: 11475 }, fee: { amount: 2025 } });
  });

  it('closes customer refunds at the cut-off; the merchant may still refund; others get 404', async () => {
    const { session, order, tickets } = await paidOrderOfThree({ refundCutoffMinutes: 120 });
    const starts = new Date((await getOrder(buyer, order.id)).session.startsAt).getTime();
    const saved = t.clock.now();
    t.clock.set(new Date(starts - 119 * 60_000));
    try {
      const late = await reissueCustomer(t, buyer);
      const closed = await refund(late, order.id, { ticketIds: [tickets[0]!.id] });
      expect(closed.statusCode).toBe(422);
      expect(closed.json().error).toMatchObject({
        code: 'REFUND_CLOSED',
        details: { cutoffAt: new Date(starts - 120 * 60_000).toISOString() },
      });

      const stranger = await customer(t);
      expect((await refund(stranger, order.id)).statusCode).toBe(404);
      const otherMerchant = await createMerchantStaff(t);
      expect((await refund(otherMerchant, order.id, {}, 'merchant')).statusCode).toBe(404);
      const gate = await createActor(t, 'merchant', { merchantId: world.merchant.merchantId, permissions: ['merchant.checkin'] });
      expect((await refund(gate, order.id, {}, 'merchant')).statusCode).toBe(403);
      expect((await refund(late, order.id, {}, 'merchant')).statusCode).toBe(401);
      const owner = await createActor(t, 'merchant', { merchantId: world.merchant.merchantId });
      expect((await refund(owner, order.id, {})).statusCode).toBe(401);
      expect((await unitsOf(t, session.id)).filter((unit) => unit.state === 'sold')).toHaveLength(3);

      const byMerchant = await refund(owner, order.id, { ticketIds: [tickets[0]!.id], reason: 'box office' }, 'merchant');
      expect(byMerchant.statusCode, byMerchant.body).toBe(201);
      expect(byMerchant.json().amount).toEqual({ amount: 4500, currency: 'CNY' });
    } finally {
      t.clock.set(saved);
    }
  });

  it('refuses a used ticket (TICKET_USED) and an unknown one (404), refunding nothing', async () => {
    const { order, tickets } = await paidOrderOfThree();
    const starts = new Date((await getOrder(buyer, order.id)).session.startsAt).getTime();
    const saved = t.clock.now();
    t.clock.set(new Date(starts - 30 * 60_000));
    const owner = await createActor(t, 'merchant', { merchantId: world.merchant.merchantId });
    try {
      const scan = await t.app.inject({
        method: 'POST',
        url: '/api/merchant/check-ins',
        headers: owner.headers,
        payload: { code: tickets[0]!.code },
      });
      expect(scan.json().result, scan.body).toBe('admitted');
      const before = await paymentCounts(t);
      const used = await refund(owner, order.id, { ticketIds: [tickets[0]!.id, tickets[1]!.id] }, 'merchant');
      expect(used.statusCode).toBe(422);
      expect(used.json().error).toMatchObject({ code: 'TICKET_USED', details: { ticketIds: [tickets[0]!.id] } });
      const unknown = await refund(owner, order.id, { ticketIds: ['00000000-0000-4000-8000-000000000000'] }, 'merchant');
      expect(unknown.statusCode).toBe(404);
      expect(await paymentCounts(t)).toEqual(before);
      // Without a ticket list the used one stays and the others are refunded.
      const rest = await refund(owner, order.id, {}, 'merchant');
      expect(rest.statusCode, rest.body).toBe(201);
      expect(rest.json().amount.amount).toBe(9000);
      expect((await ticketsOf(t, order.id)).map((ticket) => ticket.status).sort()).toEqual(['refunded', 'refunded', 'used']);
    } finally {
      t.clock.set(saved);
    }
  });

  it('refuses bad refund bodies with 400 and an unpaid order with 409', async () => {
    const session = await createSeatedSession(t, world);
    const order = await holdOrder(t, buyer, { sessionId: session.id, seats: [session.at(3, 1).id] });
    for (const body of [{ ticketIds: [] }, { ticketIds: ['x'] }, { reason: '' }, { amount: 1 }, { ticketIds: 'all' }]) {
      expect((await refund(buyer, order.id, body)).statusCode).toBe(400);
    }
    const pending = await refund(buyer, order.id);
    expect(pending.statusCode).toBe(409);
    expect(pending.json().error.code).toBe('ORDER_NOT_PAID');
  });

  it('refunds every paid order of a cancelled session from a job that resumes', async () => {
    const session = await createSeatedSession(t, world);
    const [first, second] = await customers(t, 2);
    const orders = [
      await holdOrder(t, first!, { sessionId: session.id, seats: [session.at(1, 1).id, session.at(1, 2).id] }),
      await holdOrder(t, second!, { sessionId: session.id, seats: [session.at(1, 3).id, session.at(1, 4).id] }),
    ];
    const payments = [await payThroughSandbox(t, first!, orders[0].id), await payThroughSandbox(t, second!, orders[1].id)];
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/merchant/sessions/${session.id}/cancel`,
      headers: world.owner.headers,
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    // As if a first run had refunded one order and then the process died: the next run does the rest.
    const owner = await createActor(t, 'merchant', { merchantId: world.merchant.merchantId });
    expect((await refund(owner, orders[0].id, { reason: 'the session was cancelled' }, 'merchant')).statusCode).toBe(201);
    expect(await runRefundJob(t)).toEqual({ cancelled: 1, sent: 0 });
    expect(await runRefundJob(t)).toEqual({ cancelled: 0, sent: 0 });
    for (const [index, paymentId] of payments.entries()) {
      expect(await refundsOfPayment(t, paymentId)).toEqual([
        expect.objectContaining({
          amount: 13000,
          status: 'succeeded',
          initiated_by: index === 0 ? 'merchant' : 'system',
          reason: 'the session was cancelled',
        }),
      ]);
      expect((await getOrder(index === 0 ? first! : second!, orders[index].id)).status).toBe('refunded');
    }
    // A cancelled session's places never return to sale.
    expect((await unitsOf(t, session.id)).every((unit) => unit.state === 'blocked')).toBe(true);
  });

  it('lists the merchant’s orders by status, paged; another merchant sees none of them', async () => {
    const { session, order } = await paidOrderOfThree();
    const pending = await holdOrder(t, buyer, { sessionId: session.id, seats: [session.at(3, 1).id] });
    const list = (actor: TestActor, query: string) =>
      t.app.inject({ method: 'GET', url: `/api/merchant/orders?${query}`, headers: actor.headers });
    const owner = await createActor(t, 'merchant', { merchantId: world.merchant.merchantId });
    const paidPage = await list(owner, `sessionId=${session.id}&status=paid`);
    expect(paidPage.statusCode, paidPage.body).toBe(200);
    expect(paidPage.json()).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(paidPage.json().items).toEqual([
      expect.objectContaining({ id: order.id, status: 'paid', total: { amount: 13500, currency: 'CNY' }, ticketCount: 3 }),
    ]);
    const all = (await list(owner, `sessionId=${session.id}&pageSize=1&page=2`)).json();
    expect(all.total).toBe(2);
    expect(all.items).toHaveLength(1);
    expect((await list(owner, `sessionId=${session.id}&status=pending`)).json().items.map((item: { id: string }) => item.id)).toEqual([
      pending.id,
    ]);
    const stranger = await createMerchantStaff(t);
    expect((await list(stranger, `sessionId=${session.id}`)).json().total).toBe(0);
    const gate = await createActor(t, 'merchant', { merchantId: world.merchant.merchantId, permissions: ['merchant.checkin'] });
    expect((await list(gate, '')).statusCode).toBe(403);
    expect((await list(buyer, '')).statusCode).toBe(401);
    expect((await list(owner, 'status=lost')).statusCode).toBe(400);
  });
});
