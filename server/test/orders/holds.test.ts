import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, type TestActor } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/app.js';
import {
  createSeatedSession,
  createTieredSession,
  createTimedEntrySession,
  customer,
  holdOrder,
  orderCounts,
  ordersOf,
  postOrder,
  seatsOf,
  unitsOf,
  type SeatedSession,
} from '../support/orders.js';
import { createSchedulingWorld, type SchedulingWorld } from '../support/scheduling.js';

describe('holding places: POST /api/orders', () => {
  let t: TestApp;
  let world: SchedulingWorld;
  let buyer: TestActor;

  beforeAll(async () => {
    // Tokens outlive the clock moves of the expiry tests.
    t = await createTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400' });
    world = await createSchedulingWorld(t);
    buyer = await customer(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const minutesFromNow = (minutes: number) => new Date(t.clock.now().getTime() + minutes * 60_000).toISOString();

  describe('seated sessions', () => {
    let session: SeatedSession;
    beforeAll(async () => {
      session = await createSeatedSession(t, world, { ticketTypes: [{ type: 'student', discount: 1000 }] });
    });

    it('holds named seats for the hold time, priced by their category and ticket type', async () => {
      const [a, b] = [session.at(2, 1), session.at(2, 2)];
      const response = await postOrder(t, buyer, {
        sessionId: session.id,
        seats: [a.id, b.id],
        ticketTypes: [
          { type: 'adult', quantity: 1 },
          { type: 'student', quantity: 1 },
        ],
        contact: { name: ' 李雷 ', phone: '13900001111' },
      });
      expect(response.statusCode, response.body).toBe(201);
      const order = response.json();
      expect(order).toEqual({
        id: expect.any(String),
        status: 'pending',
        sessionId: session.id,
        createdAt: t.clock.now().toISOString(),
        expiresAt: minutesFromNow(15),
        total: { amount: 8000, currency: 'CNY' },
        items: [
          { unitId: a.id, seatId: a.id, seatLabel: a.label, type: 'adult', price: { amount: 4500, currency: 'CNY' } },
          { unitId: b.id, seatId: b.id, seatLabel: b.label, type: 'student', price: { amount: 3500, currency: 'CNY' } },
        ],
      });
      const units = (await unitsOf(t, session.id)).filter((unit) => unit.state !== 'free');
      expect(units.map((unit) => unit.id).sort()).toEqual([a.id, b.id].sort());
      for (const unit of units) {
        expect(unit).toMatchObject({ state: 'held', order_id: order.id });
        expect(new Date(unit.held_until!).toISOString()).toBe(order.expiresAt);
      }
      const map = await seatsOf(t, session.id);
      expect(map.filter((seat) => seat.state === 'held').map((seat) => seat.id).sort()).toEqual([a.id, b.id].sort());

      const detail = await t.app.inject({ method: 'GET', url: `/api/orders/${order.id}`, headers: buyer.headers });
      expect(detail.json()).toMatchObject({ contact: { name: '李雷', phone: '13900001111' }, ticketCount: 2 });
    });

    it('refuses a taken seat with SEAT_UNAVAILABLE naming it, writing nothing', async () => {
      const other = await customer(t);
      const before = await orderCounts(t);
      const response = await postOrder(t, other, { sessionId: session.id, seats: [session.at(2, 2).id, session.at(2, 3).id] });
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({ code: 'SEAT_UNAVAILABLE', details: { seatIds: [session.at(2, 2).id] } });
      expect(await orderCounts(t)).toEqual(before);
    });

    it('refuses a choice that leaves a single seat alone (ORPHAN_SEAT) and unknown seats (SEAT_NOT_FOUND)', async () => {
      const fresh = await createSeatedSession(t, world);
      const before = await orderCounts(t);
      const orphan = await postOrder(t, buyer, { sessionId: fresh.id, seats: [fresh.at(3, 2).id] });
      expect(orphan.statusCode).toBe(422);
      expect(orphan.json().error).toMatchObject({
        code: 'ORPHAN_SEAT',
        details: { seatIds: [fresh.at(3, 1).id, fresh.at(3, 3).id] },
      });
      const stranger = randomUUID();
      const missing = await postOrder(t, buyer, { sessionId: fresh.id, seats: [fresh.at(3, 1).id, stranger] });
      expect(missing.statusCode).toBe(422);
      expect(missing.json().error).toMatchObject({ code: 'SEAT_NOT_FOUND', details: { seatIds: [stranger] } });
      // A seat of another session is no seat of this one.
      const elsewhere = await postOrder(t, buyer, { sessionId: fresh.id, seats: [session.at(1, 1).id] });
      expect(elsewhere.json().error).toMatchObject({ code: 'SEAT_NOT_FOUND', details: { seatIds: [session.at(1, 1).id] } });
      expect(await orderCounts(t)).toEqual(before);
    });

    it('keeps couple seats together (COUPLE_SEAT_SPLIT) and sells the pair', async () => {
      const couples = await createSeatedSession(t, world, {
        seatMap: {
          rows: 1,
          cols: 4,
          cells: [
            { row: 1, col: 1, kind: 'seat', type: 'couple-left', category: 'couple' },
            { row: 1, col: 2, kind: 'seat', type: 'couple-right', category: 'couple' },
            { row: 1, col: 3, kind: 'seat', type: 'couple-left', category: 'couple' },
            { row: 1, col: 4, kind: 'seat', type: 'couple-right', category: 'couple' },
          ],
        },
        prices: [{ category: 'couple', price: 9000 }],
      });
      const split = await postOrder(t, buyer, { sessionId: couples.id, seats: [couples.at(1, 1).id] });
      expect(split.statusCode).toBe(422);
      expect(split.json().error).toMatchObject({ code: 'COUPLE_SEAT_SPLIT', details: { seatIds: [couples.at(1, 2).id] } });
      const pair = await holdOrder(t, buyer, { sessionId: couples.id, seats: [couples.at(1, 1).id, couples.at(1, 2).id] });
      expect(pair.total).toEqual({ amount: 18000, currency: 'CNY' });
    });

    it('holds the best seats side by side, the ones GET best-seats offers', async () => {
      const fresh = await createSeatedSession(t, world);
      const offered = await t.app.inject({ method: 'GET', url: `/api/sessions/${fresh.id}/best-seats?quantity=2` });
      expect(offered.statusCode, offered.body).toBe(200);
      const seats = offered.json().seats;
      expect(seats).toHaveLength(2);
      expect(seats[0]).toEqual({
        id: expect.any(String),
        row: expect.any(Number),
        col: expect.any(Number),
        label: expect.any(String),
        type: expect.any(String),
        category: expect.any(String),
      });
      expect(seats[0].row).toBe(seats[1].row);
      expect(seats[1].col).toBe(seats[0].col + 1);

      const order = await holdOrder(t, buyer, { sessionId: fresh.id, seats: 'best', quantity: 2 });
      expect(order.items.map((item: { seatId: string }) => item.seatId)).toEqual(seats.map((seat: { id: string }) => seat.id));
      // The next best pick avoids them.
      const next = (
        await t.app.inject({ method: 'GET', url: `/api/sessions/${fresh.id}/best-seats?quantity=2` })
      ).json().seats;
      expect(next.map((seat: { id: string }) => seat.id)).not.toContain(seats[0].id);
      // vip only, and an accessible block where the map has none.
      const vip = await t.app.inject({ method: 'GET', url: `/api/sessions/${fresh.id}/best-seats?quantity=3&category=vip` });
      expect(vip.json().seats.every((seat: { category: string }) => seat.category === 'vip')).toBe(true);
      const accessible = await t.app.inject({
        method: 'GET',
        url: `/api/sessions/${fresh.id}/best-seats?quantity=2&accessible=true`,
      });
      expect(accessible.statusCode).toBe(409);
      expect(accessible.json().error).toMatchObject({ code: 'SOLD_OUT', details: { quantity: 2 } });
    });

    it('answers SOLD_OUT when no block fits, and best-seats questions about the wrong session', async () => {
      const fresh = await createSeatedSession(t, world);
      const before = await orderCounts(t);
      const tooMany = await postOrder(t, buyer, { sessionId: fresh.id, seats: 'best', quantity: 5 });
      expect(tooMany.statusCode).toBe(409);
      expect(tooMany.json().error).toMatchObject({ code: 'SOLD_OUT', details: { quantity: 5 } });
      expect(await orderCounts(t)).toEqual(before);

      const tiered = await createTieredSession(t, world);
      const notSeated = await t.app.inject({ method: 'GET', url: `/api/sessions/${tiered.id}/best-seats?quantity=2` });
      expect(notSeated.statusCode).toBe(422);
      expect(notSeated.json().error.code).toBe('NOT_SEATED');
      const unknown = await t.app.inject({ method: 'GET', url: `/api/sessions/${randomUUID()}/best-seats?quantity=2` });
      expect(unknown.statusCode).toBe(404);
      const noQuantity = await t.app.inject({ method: 'GET', url: `/api/sessions/${fresh.id}/best-seats` });
      expect(noQuantity.statusCode).toBe(400);
    });

    it('lets a lapsed hold go: its seats count as free and the old order reads expired', async () => {
      const fresh = await createSeatedSession(t, world);
      const seats = [fresh.at(1, 1).id, fresh.at(1, 2).id];
      const first = await holdOrder(t, buyer, { sessionId: fresh.id, seats });
      t.clock.advance(15 * 60_000);
      const other = await customer(t);
      const second = await holdOrder(t, other, { sessionId: fresh.id, seats });
      const read = await t.app.inject({ method: 'GET', url: `/api/orders/${first.id}`, headers: buyer.headers });
      expect(read.json().status).toBe('expired');
      const units = (await unitsOf(t, fresh.id)).filter((unit) => seats.includes(unit.id));
      expect(units.every((unit) => unit.order_id === second.id && unit.state === 'held')).toBe(true);
    });
  });

  describe('tiered and timed-entry sessions', () => {
    it('takes any free places of the tiers asked for, at the tier price less the type discount', async () => {
      const session = await createTieredSession(t, world, {
        ticketTypes: [{ type: 'child', discount: 8000 }],
      });
      const [vip, stalls] = session.tiers;
      const order = await holdOrder(t, buyer, {
        sessionId: session.id,
        tiers: [
          { tierId: vip!.id, quantity: 1 },
          { tierId: stalls!.id, quantity: 2 },
        ],
        ticketTypes: [
          { type: 'adult', quantity: 2 },
          { type: 'child', quantity: 1 },
        ],
      });
      expect(order.total).toEqual({ amount: 88000 + 28000 + 20000, currency: 'CNY' });
      expect(order.items).toEqual([
        expect.objectContaining({ tierId: vip!.id, tierName: 'VIP', type: 'adult', price: { amount: 88000, currency: 'CNY' } }),
        expect.objectContaining({ tierId: stalls!.id, tierName: 'Stalls', type: 'adult', price: { amount: 28000, currency: 'CNY' } }),
        expect.objectContaining({ tierId: stalls!.id, tierName: 'Stalls', type: 'child', price: { amount: 20000, currency: 'CNY' } }),
      ]);
      expect(order.items[0].seatId).toBeUndefined();
      const held = (await unitsOf(t, session.id)).filter((unit) => unit.state === 'held');
      expect(held.map((unit) => unit.id).sort()).toEqual(order.items.map((item: { unitId: string }) => item.unitId).sort());
    });

    it('answers SOLD_OUT with what is left of the tier, writing nothing', async () => {
      const session = await createTieredSession(t, world);
      const vip = session.tiers[0]!;
      await holdOrder(t, await customer(t), { sessionId: session.id, tiers: [{ tierId: vip.id, quantity: 3 }] });
      const before = await orderCounts(t);
      const response = await postOrder(t, buyer, { sessionId: session.id, tiers: [{ tierId: vip.id, quantity: 3 }] });
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({
        code: 'SOLD_OUT',
        details: { tierId: vip.id, available: 2, requested: 3 },
      });
      expect(await orderCounts(t)).toEqual(before);
    });

    it('sells every place of a tier one at a time, wherever the pick starts, then SOLD_OUT', async () => {
      // Picks start at a random point of the pool and wrap round: with five places, many of the 15
      // picks start past every free place left and find theirs before that point.
      for (let round = 0; round < 3; round += 1) {
        const session = await createTieredSession(t, world);
        const vip = session.tiers[0]!;
        const sold = new Set<string>();
        for (let i = 0; i < 5; i += 1) {
          const order = await holdOrder(t, await customer(t), { sessionId: session.id, tiers: [{ tierId: vip.id, quantity: 1 }] });
          sold.add(order.items[0].unitId);
        }
        expect(sold.size).toBe(5);
        const last = await postOrder(t, buyer, { sessionId: session.id, tiers: [{ tierId: vip.id, quantity: 1 }] });
        expect(last.json().error).toMatchObject({ code: 'SOLD_OUT', details: { available: 0 } });
      }
    });

    it('prices timed-entry places by ticket type', async () => {
      const session = await createTimedEntrySession(t, world);
      const order = await holdOrder(t, buyer, {
        sessionId: session.id,
        tiers: [{ tierId: session.tiers[0]!.id, quantity: 3 }],
        ticketTypes: [
          { type: 'adult', quantity: 1 },
          { type: 'student', quantity: 2 },
        ],
      });
      expect(order.total).toEqual({ amount: 12000, currency: 'CNY' });
      expect(order.items.map((item: { type: string }) => item.type)).toEqual(['adult', 'student', 'student']);
    });
  });

  describe('rules and refusals', () => {
    it('refuses requests that do not fit the session, writing nothing', async () => {
      const seated = await createSeatedSession(t, world);
      const tiered = await createTieredSession(t, world);
      const tierId = tiered.tiers[0]!.id;
      const seat = seated.at(1, 1).id;
      const cases: [object, number, string][] = [
        [{ sessionId: seated.id, tiers: [{ tierId, quantity: 1 }] }, 422, 'MODE_MISMATCH'],
        [{ sessionId: seated.id }, 422, 'MODE_MISMATCH'],
        [{ sessionId: seated.id, seats: 'best' }, 422, 'MODE_MISMATCH'],
        [{ sessionId: seated.id, seats: [seat], quantity: 1 }, 422, 'MODE_MISMATCH'],
        [{ sessionId: tiered.id, seats: [seat] }, 422, 'MODE_MISMATCH'],
        [{ sessionId: tiered.id, tiers: [{ tierId, quantity: 1 }], visitorIds: [randomUUID()] }, 422, 'MODE_MISMATCH'],
        [{ sessionId: tiered.id, tiers: [{ tierId: randomUUID(), quantity: 1 }] }, 422, 'TIER_NOT_FOUND'],
        [{ sessionId: tiered.id, tiers: [{ tierId, quantity: 2 }], ticketTypes: [{ type: 'adult', quantity: 1 }] }, 422, 'TICKET_COUNT_MISMATCH'],
        [{ sessionId: tiered.id, tiers: [{ tierId, quantity: 1 }], ticketTypes: [{ type: 'senior', quantity: 1 }] }, 422, 'UNKNOWN_TICKET_TYPE'],
        [{ sessionId: tiered.id, tiers: [{ tierId, quantity: 1 }], passId: 'pass-1' }, 400, 'VALIDATION_FAILED'],
        [{ sessionId: tiered.id, tiers: [{ tierId, quantity: 7 }] }, 422, 'LIMIT_EXCEEDED'],
        [{ sessionId: randomUUID(), tiers: [{ tierId, quantity: 1 }] }, 404, 'NOT_FOUND'],
        [{ sessionId: tiered.id, tiers: [{ tierId, quantity: 1 }], price: 1 }, 400, 'VALIDATION_FAILED'],
        [{ sessionId: tiered.id, tiers: [{ tierId, quantity: '1' }] }, 400, 'VALIDATION_FAILED'],
        [{ sessionId: tiered.id, tiers: [{ tierId, quantity: 0 }] }, 400, 'VALIDATION_FAILED'],
        [{ sessionId: seated.id, seats: [seat, seat] }, 400, 'VALIDATION_FAILED'],
        [{ sessionId: 'not-a-uuid', seats: [seat] }, 400, 'VALIDATION_FAILED'],
      ];
      const before = await orderCounts(t);
      for (const [body, status, code] of cases) {
        const response = await postOrder(t, buyer, body);
        expect(response.statusCode, JSON.stringify(body)).toBe(status);
        expect(response.json().error.code, JSON.stringify(body)).toBe(code);
      }
      expect(await orderCounts(t)).toEqual(before);
    });

    it('asks for a customer token', async () => {
      const session = await createTieredSession(t, world);
      const body = { sessionId: session.id, tiers: [{ tierId: session.tiers[0]!.id, quantity: 1 }] };
      const anonymous = await t.app.inject({ method: 'POST', url: '/api/orders', payload: body });
      expect(anonymous.statusCode).toBe(401);
      const merchant = await createActor(t, 'merchant');
      const wrongPortal = await postOrder(t, merchant, body);
      expect(wrongPortal.statusCode).toBe(401);
      expect((await ordersOf(t, session.id)).length).toBe(0);
    });

    it('counts pending and paid places toward maxTicketsPerUser, and one order per customer when asked', async () => {
      const limited = await createTieredSession(t, world, { policy: { maxTicketsPerUser: 3 } });
      const tierId = limited.tiers[1]!.id;
      await holdOrder(t, buyer, { sessionId: limited.id, tiers: [{ tierId, quantity: 2 }] });
      const over = await postOrder(t, buyer, { sessionId: limited.id, tiers: [{ tierId, quantity: 2 }] });
      expect(over.statusCode).toBe(422);
      expect(over.json().error).toMatchObject({
        code: 'LIMIT_EXCEEDED',
        details: { rule: 'max-tickets', maxTicketsPerUser: 3, alreadyHeld: 2, requested: 2 },
      });
      await holdOrder(t, buyer, { sessionId: limited.id, tiers: [{ tierId, quantity: 1 }] });
      // Another customer has their own allowance.
      await holdOrder(t, await customer(t), { sessionId: limited.id, tiers: [{ tierId, quantity: 3 }] });

      const single = await createTieredSession(t, world, { policy: { oneOrderPerUser: true } });
      const singleTier = single.tiers[1]!.id;
      await holdOrder(t, buyer, { sessionId: single.id, tiers: [{ tierId: singleTier, quantity: 1 }] });
      const second = await postOrder(t, buyer, { sessionId: single.id, tiers: [{ tierId: singleTier, quantity: 1 }] });
      expect(second.statusCode).toBe(422);
      expect(second.json().error).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { rule: 'one-order', orders: 1 } });
      expect((await ordersOf(t, single.id)).length).toBe(1);
    });

    it('frees the allowance of a cancelled or lapsed order', async () => {
      const session = await createTieredSession(t, world, { policy: { maxTicketsPerUser: 2, oneOrderPerUser: true } });
      const tierId = session.tiers[1]!.id;
      const first = await holdOrder(t, buyer, { sessionId: session.id, tiers: [{ tierId, quantity: 2 }] });
      const cancel = await t.app.inject({ method: 'POST', url: `/api/orders/${first.id}/cancel`, headers: buyer.headers });
      expect(cancel.statusCode).toBe(200);
      await holdOrder(t, buyer, { sessionId: session.id, tiers: [{ tierId, quantity: 2 }] });
      t.clock.advance(15 * 60_000);
      await holdOrder(t, buyer, { sessionId: session.id, tiers: [{ tierId, quantity: 2 }] });
    });

    it('sells only within the sales window of a scheduled session (SALES_CLOSED with the reason)', async () => {
      const later = await createTieredSession(t, world, { policy: { salesOpenAt: minutesFromNow(30) } });
      const body = (session: { id: string; tiers: { id: string }[] }) => ({
        sessionId: session.id,
        tiers: [{ tierId: session.tiers[0]!.id, quantity: 1 }],
      });
      const early = await postOrder(t, buyer, body(later));
      expect(early.statusCode).toBe(422);
      expect(early.json().error).toMatchObject({ code: 'SALES_CLOSED', details: { reason: 'not-open' } });

      const closing = await createTieredSession(t, world, { policy: { salesCloseAt: minutesFromNow(30) } });
      await holdOrder(t, buyer, body(closing));
      const cancelled = await createTieredSession(t, world);
      await holdOrder(t, buyer, body(cancelled));
      const cancel = await t.app.inject({
        method: 'POST',
        url: `/api/merchant/sessions/${cancelled.id}/cancel`,
        headers: world.owner.headers,
      });
      expect(cancel.statusCode, cancel.body).toBe(200);
      const afterCancel = await postOrder(t, buyer, body(cancelled));
      expect(afterCancel.statusCode).toBe(422);
      expect(afterCancel.json().error).toMatchObject({ code: 'SALES_CLOSED', details: { reason: 'cancelled' } });

      t.clock.advance(30 * 60_000);
      const late = await postOrder(t, buyer, body(closing));
      expect(late.json().error).toMatchObject({ code: 'SALES_CLOSED', details: { reason: 'closed' } });
      const opened = await postOrder(t, buyer, body(later));
      expect(opened.statusCode, opened.body).toBe(201);
    });
  });

  describe('idempotency', () => {
    it('answers a repeated Idempotency-Key with the same order, held once', async () => {
      const session = await createTieredSession(t, world);
      const body = { sessionId: session.id, tiers: [{ tierId: session.tiers[1]!.id, quantity: 2 }] };
      const key = randomUUID();
      const first = await postOrder(t, buyer, body, { 'idempotency-key': key });
      const again = await postOrder(t, buyer, body, { 'idempotency-key': key });
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      expect((await ordersOf(t, session.id)).map((order) => order.id)).toEqual([first.json().id]);
      expect((await unitsOf(t, session.id)).filter((unit) => unit.state === 'held')).toHaveLength(2);
    });
  });
});
