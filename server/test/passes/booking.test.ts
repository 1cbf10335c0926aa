import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import type { TestActor } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestProduction } from '../support/catalog.js';
import {
  createTieredSession,
  customer,
  inventoryReport,
  expectSound,
  orderCounts,
  postOrder,
  statusCounts,
  unitsOf,
} from '../support/orders.js';
import {
  activePass,
  buyTestPass,
  createTestProduct,
  getMyPass,
  openEntryDays,
  passCounts,
  passOrderBody,
  payPass,
  startPassPayment,
  type EntrySession,
  type TestProduct,
} from '../support/passes.js';
import {
  deliverNotifications,
  postNotification,
  queuedNotification,
  refundsOfPayment,
  submitSandbox,
} from '../support/payments.js';
import { createSchedulingWorld, type SchedulingWorld } from '../support/scheduling.js';
import { checkIn, openDoors, signedCodeOf } from '../support/tickets.js';
import { signAs } from '../support/venues.js';
import { createTestVisitor, idCardNumber } from '../support/visitors.js';

describe('annual passes: paying, and booking with POST /api/orders {passId}', () => {
  let t: TestApp;
  let world: SchedulingWorld;
  let product: TestProduct;
  let buyer: TestActor;
  let stranger: TestActor;
  /** Morning and afternoon entry slots of 2026-11-21 .. 2026-11-23 (capacity 20 each). */
  let days: EntrySession[];
  let sequence = 500;

  beforeAll(async () => {
    t = await createTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400' });
    world = await createSchedulingWorld(t);
    product = await createTestProduct(t, world);
    buyer = await customer(t);
    stranger = await customer(t);
    days = await openEntryDays(t, world, {
      from: '2026-11-21',
      to: '2026-11-23',
      slots: [
        { label: 'morning', startsAt: '09:00', capacity: 20 },
        { label: 'afternoon', startsAt: '14:00', capacity: 20 },
      ],
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const slot = (date: string, label = 'morning') =>
    days.find((day) => day.localDate === date && day.slotLabel === label)!;
  /** A new visitor of the actor, with an ID number no other test uses. */
  const visitorOf = async (actor: TestActor) => createTestVisitor(t, actor, { idNumber: idCardNumber({ sequence: (sequence += 1) }) });
  const newActivePass = async (of: TestProduct = product, actor: TestActor = buyer) =>
    activePass(t, actor, of.id, (await visitorOf(actor)).id);
  const available = async (session: EntrySession): Promise<number> =>
    (await t.app.inject({ method: 'GET', url: `/api/sessions/${session.id}` })).json().tiers[0].available;
  const ticketsOfOrder = (orderId: string) =>
    queryRows<{ id: string; holder_visitor_id: string; price: number }>(
      t.deps.database.db,
      sql`select id, holder_visitor_id, price::int as price from ticket where order_id = ${orderId}`,
    );

  it('makes a pass active when it is paid through the payments module, valid from that local day', async () => {
    const visitor = await visitorOf(buyer);
    const pass = await buyTestPass(t, buyer, product.id, visitor.id);
    const other = await startPassPayment(t, stranger, pass.id);
    expect(other.statusCode).toBe(404);
    await payPass(t, buyer, pass.id);
    const paid = (await getMyPass(t, buyer, pass.id)).json();
    // 08:00Z on 20 November is 16:00 in Shanghai: 365 days from that day, that day included.
    expect(paid).toMatchObject({
      status: 'active',
      validFrom: '2026-11-20',
      validTo: '2027-11-19',
      paidAt: t.clock.now().toISOString(),
      expiresAt: '2027-11-19T16:00:00.000Z',
      entriesUsed: 0,
      entriesRemaining: null,
      bookings: [],
    });
    const again = await startPassPayment(t, buyer, pass.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'PASS_NOT_PENDING', details: { status: 'active' } });
    const listed = await t.app.inject({ method: 'GET', url: '/api/me/passes?status=active', headers: buyer.headers });
    expect(listed.json().items.map((item: { id: string }) => item.id)).toContain(pass.id);
  });

  it('does not activate a pass cancelled while its payment was open: the payment is refunded', async () => {
    const pass = await buyTestPass(t, buyer, product.id, (await visitorOf(buyer)).id);
    const started = await startPassPayment(t, buyer, pass.id);
    expect(started.statusCode, started.body).toBe(201);
    const cancelled = await t.app.inject({ method: 'POST', url: `/api/passes/${pass.id}/cancel`, headers: buyer.headers });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const { paymentId } = started.json();
    expect((await submitSandbox(t, paymentId, 'pay')).statusCode).toBe(200);
    expect(await deliverNotifications(t)).toBe(1);
    expect((await getMyPass(t, buyer, pass.id)).json()).toMatchObject({ status: 'cancelled', validFrom: null });
    expect(await refundsOfPayment(t, paymentId)).toEqual([expect.objectContaining({ amount: 19900 })]);
  });

  it('activates a pass once when two payments of it are paid at the same time: the other is refunded', async () => {
    const pass = await buyTestPass(t, buyer, product.id, (await visitorOf(buyer)).id);
    const payments: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const started = await startPassPayment(t, buyer, pass.id);
      expect(started.statusCode, started.body).toBe(201);
      payments.push(started.json().paymentId);
    }
    for (const paymentId of payments) expect((await submitSandbox(t, paymentId, 'pay')).statusCode).toBe(200);
    const notifications = await Promise.all(payments.map((paymentId) => queuedNotification(t, paymentId)));
    const answers = await Promise.all(notifications.map((fields) => postNotification(t, 'sandbox', fields)));
    expect(answers.map((answer) => answer.body)).toEqual(['success', 'success']);
    // The sandbox's own deliveries of the same notifications come later and change nothing.
    expect(await deliverNotifications(t)).toBe(2);
    expect((await getMyPass(t, buyer, pass.id)).json()).toMatchObject({ status: 'active', validFrom: '2026-11-20' });
    const refunds = await Promise.all(payments.map((paymentId) => refundsOfPayment(t, paymentId)));
    expect(refunds.map((list) => list.length).sort()).toEqual([0, 1]);
    expect(refunds.flat()).toEqual([expect.objectContaining({ amount: 19900 })]);
  });

  it('books one place of the day’s quota, paid at 0, for the pass’s visitor, with its ticket', async () => {
    const pass = await newActivePass();
    const session = slot('2026-11-21');
    const before = await available(session);
    const response = await postOrder(t, buyer, passOrderBody(session, pass.id));
    expect(response.statusCode, response.body).toBe(201);
    const order = response.json();
    expect(order).toEqual({
      id: expect.any(String),
      status: 'paid',
      sessionId: session.id,
      createdAt: t.clock.now().toISOString(),
      expiresAt: t.clock.now().toISOString(),
      total: { amount: 0, currency: 'CNY' },
      items: [
        {
          unitId: expect.any(String),
          tierId: session.tierId,
          tierName: expect.any(String),
          type: 'adult',
          price: { amount: 0, currency: 'CNY' },
          holder: { visitorId: pass.visitor.id, name: pass.visitor.name, idType: 'id-card', idNumber: pass.visitor.idNumber },
        },
      ],
    });
    expect(await available(session)).toBe(before - 1);
    const unit = (await unitsOf(t, session.id)).find((candidate) => candidate.id === order.items[0].unitId)!;
    expect(unit).toMatchObject({ state: 'sold', order_id: order.id, held_until: null });
    expectSound(await inventoryReport(t, session.id));

    const stored = await t.app.inject({ method: 'GET', url: `/api/orders/${order.id}`, headers: buyer.headers });
    expect(stored.json()).toMatchObject({ status: 'paid', paidAt: t.clock.now().toISOString(), total: { amount: 0 } });
    expect(await ticketsOfOrder(order.id)).toEqual([expect.objectContaining({ holder_visitor_id: pass.visitor.id, price: 0 })]);
    expect((await getMyPass(t, buyer, pass.id)).json()).toMatchObject({
      entriesUsed: 1,
      entriesRemaining: null,
      bookings: [{ date: '2026-11-21', sessionId: session.id, orderId: order.id, bookedAt: t.clock.now().toISOString() }],
    });
  });

  it('gives the day’s ticket as many admissions as the pass allows a day, and no more', async () => {
    const twice = await createTestProduct(t, world, { name: '双次年卡', entriesPerDay: 2 });
    const pass = await newActivePass(twice);
    const response = await postOrder(t, buyer, passOrderBody(slot('2026-11-22', 'afternoon'), pass.id));
    expect(response.statusCode, response.body).toBe(201);
    const [ticket] = await ticketsOfOrder(response.json().id);
    const code = await signedCodeOf(t, buyer, ticket!.id);
    const started = t.clock.now();
    await openDoors(t, ticket!.id);
    const gate = await signAs(t, world.owner, 'merchant', { merchantId: world.merchant.merchantId, permissions: ['merchant.checkin'] });
    const scans: string[] = [];
    for (let i = 0; i < 3; i += 1) scans.push((await checkIn(t, gate, { code, gate: 'East' })).json().result);
    t.clock.set(started);
    expect(scans).toEqual(['admitted', 'admitted', 'already-used']);
  });

  it('books one day once: the other slot of that day is PASS_ALREADY_BOOKED, the next day is fine', async () => {
    const pass = await newActivePass();
    expect((await postOrder(t, buyer, passOrderBody(slot('2026-11-22'), pass.id))).statusCode).toBe(201);
    const counts = await passCounts(t);
    const orders = await orderCounts(t);
    for (const label of ['morning', 'afternoon']) {
      const again = await postOrder(t, buyer, passOrderBody(slot('2026-11-22', label), pass.id));
      expect(again.statusCode, again.body).toBe(409);
      expect(again.json().error).toMatchObject({ code: 'PASS_ALREADY_BOOKED', details: { date: '2026-11-22' } });
    }
    expect(await passCounts(t)).toEqual(counts);
    expect(await orderCounts(t)).toEqual(orders);
    expect((await postOrder(t, buyer, passOrderBody(slot('2026-11-23', 'afternoon'), pass.id))).statusCode).toBe(201);
    expect((await getMyPass(t, buyer, pass.id)).json().entriesUsed).toBe(2);
  });

  it('lets exactly one of 10 parallel bookings of one day win, across both slots', async () => {
    const pass = await newActivePass();
    const sessions = [slot('2026-11-23'), slot('2026-11-23', 'afternoon')];
    const before = await Promise.all(sessions.map(available));
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => postOrder(t, buyer, passOrderBody(sessions[i % 2]!, pass.id))),
    );
    expect(statusCounts(responses), responses.map((response) => response.body).join('\n')).toEqual({ 201: 1, 409: 9 });
    for (const response of responses.filter((candidate) => candidate.statusCode === 409)) {
      expect(response.json().error.code).toBe('PASS_ALREADY_BOOKED');
    }
    const after = await Promise.all(sessions.map(available));
    expect(before[0]! + before[1]! - after[0]! - after[1]!).toBe(1);
    const detail = (await getMyPass(t, buyer, pass.id)).json();
    expect(detail.entriesUsed).toBe(1);
    expect(detail.bookings).toHaveLength(1);
    for (const session of sessions) expectSound(await inventoryReport(t, session.id));
  });

  it('refuses another customer’s pass (404), a pending or expired one and the wrong venue or production (422)', async () => {
    const session = slot('2026-11-21', 'afternoon');
    const mine = await newActivePass();
    const pending = await buyTestPass(t, buyer, product.id, (await visitorOf(buyer)).id);
    const oneDay = await createTestProduct(t, world, { validityDays: 1 });
    const shortPass = await newActivePass(oneDay);
    const otherWorld = await createSchedulingWorld(t);
    const elsewhere = await newActivePass(await createTestProduct(t, otherWorld));
    const otherShow = await createTestProduction(t, {
      kind: 'exhibition',
      status: 'published',
      durationMinutes: 60,
      merchantId: world.merchant.merchantId,
    });
    const onlyOther = await newActivePass(await createTestProduct(t, world, { productionId: otherShow.id }));
    const tiered = await createTieredSession(t, world);

    const counts = await passCounts(t);
    const orders = await orderCounts(t);
    const cases: [object, number, string, string | undefined][] = [
      [passOrderBody(session, mine.id), 404, 'NOT_FOUND', undefined],
      [passOrderBody(session, randomUUID()), 404, 'NOT_FOUND', undefined],
    ];
    for (const [body, status, code] of cases) {
      const response = await postOrder(t, stranger, body);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().error.code).toBe(code);
    }
    const refusals: [object, string, string][] = [
      [passOrderBody(session, pending.id), 'PASS_NOT_VALID', 'not-active'],
      [passOrderBody(session, shortPass.id), 'PASS_NOT_VALID', 'expired'],
      [passOrderBody(session, elsewhere.id), 'PASS_NOT_VALID', 'wrong-venue'],
      [passOrderBody(session, onlyOther.id), 'PASS_NOT_VALID', 'wrong-production'],
      [
        { sessionId: tiered.id, tiers: [{ tierId: tiered.tiers[0]!.id, quantity: 1 }], passId: mine.id },
        'PASS_NOT_VALID',
        'not-timed-entry',
      ],
    ];
    for (const [body, code, reason] of refusals) {
      const response = await postOrder(t, buyer, body);
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json().error).toMatchObject({ code, details: { reason } });
    }
    expect(await passCounts(t)).toEqual(counts);
    expect(await orderCounts(t)).toEqual(orders);

    // Past its last day a pass reads expired and books nothing, even a session it was valid for.
    expect((await getMyPass(t, buyer, shortPass.id)).json()).toMatchObject({ validFrom: '2026-11-20', validTo: '2026-11-20' });
    t.clock.advance(8 * 3_600_000);
    expect((await getMyPass(t, buyer, shortPass.id)).json().status).toBe('expired');
  });

  it('stops at totalEntries with PASS_ENTRIES_USED_UP', async () => {
    const limited = await createTestProduct(t, world, { totalEntries: 1 });
    const pass = await newActivePass(limited);
    expect((await postOrder(t, buyer, passOrderBody(slot('2026-11-22', 'afternoon'), pass.id))).statusCode).toBe(201);
    const counts = await passCounts(t);
    const refused = await postOrder(t, buyer, passOrderBody(slot('2026-11-23', 'afternoon'), pass.id));
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'PASS_ENTRIES_USED_UP', details: { totalEntries: 1 } });
    expect(await passCounts(t)).toEqual(counts);
    expect((await getMyPass(t, buyer, pass.id)).json()).toMatchObject({ entriesUsed: 1, entriesRemaining: 0 });
  });

  it('keeps the day and the entry when no place is left, and keeps one ticket per ID in real-name slots', async () => {
    const [full] = await openEntryDays(t, world, {
      from: '2026-11-24',
      to: '2026-11-24',
      slots: [{ label: 'last', startsAt: '10:00', capacity: 1 }],
    });
    const pass = await newActivePass();
    const other = await customer(t);
    expect((await postOrder(t, other, { sessionId: full!.id, tiers: [{ tierId: full!.tierId, quantity: 1 }] })).statusCode).toBe(201);
    const counts = await passCounts(t);
    const soldOut = await postOrder(t, buyer, passOrderBody(full!, pass.id));
    expect(soldOut.statusCode, soldOut.body).toBe(409);
    expect(soldOut.json().error.code).toBe('SOLD_OUT');
    expect(await passCounts(t)).toEqual(counts);

    const [named] = await openEntryDays(t, world, {
      from: '2026-11-25',
      to: '2026-11-25',
      slots: [{ label: 'named', startsAt: '10:00', capacity: 5 }],
      policy: { realName: true },
    });
    const visitor = await visitorOf(buyer);
    const namedPass = await activePass(t, buyer, product.id, visitor.id);
    const held = await postOrder(t, buyer, {
      sessionId: named!.id,
      tiers: [{ tierId: named!.tierId, quantity: 1 }],
      visitorIds: [visitor.id],
    });
    expect(held.statusCode, held.body).toBe(201);
    const before = await passCounts(t);
    const twice = await postOrder(t, buyer, passOrderBody(named!, namedPass.id));
    expect(twice.statusCode, twice.body).toBe(409);
    expect(twice.json().error).toMatchObject({ code: 'VISITOR_ALREADY_HOLDS_TICKET', details: { visitorIds: [visitor.id] } });
    expect(await passCounts(t)).toEqual(before);
    const cancelled = await t.app.inject({ method: 'POST', url: `/api/orders/${held.json().id}/cancel`, headers: buyer.headers });
    expect(cancelled.statusCode).toBe(200);
    const booked = await postOrder(t, buyer, passOrderBody(named!, namedPass.id));
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().items[0].holder.visitorId).toBe(visitor.id);
  });

  it('answers SALES_CLOSED once the merchant cancels the session, even while its terms are remembered', async () => {
    const [session] = await openEntryDays(t, world, { from: '2026-11-26', to: '2026-11-26' });
    expect((await postOrder(t, buyer, passOrderBody(session!, (await newActivePass()).id))).statusCode).toBe(201);
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/merchant/sessions/${session!.id}/cancel`,
      headers: world.owner.headers,
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const pass = await newActivePass();
    const counts = await passCounts(t);
    const refused = await postOrder(t, buyer, passOrderBody(session!, pass.id));
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'SALES_CLOSED', details: { reason: 'cancelled' } });
    expect(await passCounts(t)).toEqual(counts);
  });

  it('refuses bad bodies (400) and more than one place (422), writing nothing', async () => {
    const pass = await newActivePass();
    const session = slot('2026-11-21');
    const counts = await passCounts(t);
    const orders = await orderCounts(t);
    const cases: [object, number, string][] = [
      [{ ...passOrderBody(session, pass.id), passId: 'pass-1' }, 400, 'VALIDATION_FAILED'],
      [{ ...passOrderBody(session, pass.id), passId: 42 }, 400, 'VALIDATION_FAILED'],
      [{ ...passOrderBody(session, pass.id), pass: pass.id }, 400, 'VALIDATION_FAILED'],
      [{ ...passOrderBody(session, pass.id), tiers: [{ tierId: session.tierId, quantity: 0 }] }, 400, 'VALIDATION_FAILED'],
      [{ ...passOrderBody(session, pass.id), tiers: [{ tierId: session.tierId, quantity: 2 }] }, 422, 'PASS_ONE_PLACE'],
      [{ ...passOrderBody(session, pass.id), ticketTypes: [{ type: 'adult', quantity: 1 }] }, 422, 'PASS_ONE_PLACE'],
      [{ ...passOrderBody(session, pass.id), tiers: [{ tierId: randomUUID(), quantity: 1 }] }, 422, 'TIER_NOT_FOUND'],
      [{ sessionId: session.id, passId: pass.id }, 422, 'MODE_MISMATCH'],
    ];
    for (const [body, status, code] of cases) {
      const response = await postOrder(t, buyer, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.json().error.code, JSON.stringify(body)).toBe(code);
    }
    expect(await passCounts(t)).toEqual(counts);
    expect(await orderCounts(t)).toEqual(orders);
  });
});
