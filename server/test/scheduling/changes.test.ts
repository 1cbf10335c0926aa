import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { createTestApp, type TestApp } from '../support/app.js';
import {
  createSchedulingWorld,
  postSession,
  schedulingCounts,
  seatedBody,
  unitStates,
  type SchedulingWorld,
} from '../support/scheduling.js';

/** Sales open on 25 November; the test clock starts on the 20th. */
const LATER_SALES = { salesOpenAt: '2026-11-25T00:00:00Z' };

describe('changing and cancelling sessions', () => {
  let t: TestApp;
  let world: SchedulingWorld;

  beforeAll(async () => {
    t = await createTestApp();
    world = await createSchedulingWorld(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const patch = (sessionId: string, payload: object) =>
    t.app.inject({ method: 'PATCH', url: `/api/merchant/sessions/${sessionId}`, headers: world.owner.headers, payload });

  const unitPrices = (sessionId: string) =>
    queryRows<{ key: string; price: number }>(
      t.deps.database.db,
      sql`select coalesce(category, tier_id::text) as key, min(price)::int as price from inventory_unit
          where session_id = ${sessionId} group by 1 order by 1`,
    );

  it('changes prices, times and policy before sales open, and reprices the units', async () => {
    const created = await postSession(
      t,
      world.owner,
      seatedBody(world, { startsAt: '2026-12-03T19:30:00+08:00', policy: LATER_SALES }),
    );
    expect(created.statusCode).toBe(201);
    const id = created.json().id;

    const changed = await patch(id, {
      startsAt: '2026-12-03T20:00:00+08:00',
      prices: [
        { category: 'standard', price: 5000 },
        { category: 'vip', price: 8000 },
      ],
      ticketTypes: [{ type: 'student', discount: 1500 }],
      policy: { holdMinutes: 10, oneOrderPerUser: true },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      startsAt: '2026-12-03T12:00:00.000Z',
      // The length stays; sales still close at the (new) start.
      endsAt: '2026-12-03T14:00:00.000Z',
      policy: { holdMinutes: 10, oneOrderPerUser: true, salesCloseAt: '2026-12-03T12:00:00.000Z' },
      ticketTypes: [
        { type: 'adult', discount: { amount: 0, currency: 'CNY' } },
        { type: 'student', discount: { amount: 1500, currency: 'CNY' } },
      ],
    });
    expect(await unitPrices(id)).toEqual([
      { key: 'standard', price: 5000 },
      { key: 'vip', price: 8000 },
    ]);

    const missing = await patch(id, { prices: [{ category: 'vip', price: 1 }] });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.code).toBe('PRICE_MISSING');
    // A price below an existing discount would make tickets negative.
    const belowDiscount = await patch(id, {
      prices: [
        { category: 'standard', price: 1000 },
        { category: 'vip', price: 8000 },
      ],
    });
    expect(belowDiscount.statusCode).toBe(422);
    expect(belowDiscount.json().error.code).toBe('TICKET_TYPES_INVALID');
    expect(await unitPrices(id)).toEqual([
      { key: 'standard', price: 5000 },
      { key: 'vip', price: 8000 },
    ]);
  });

  it('re-runs the hall and licence checks when the times move', async () => {
    const first = await postSession(t, world.owner, seatedBody(world, { startsAt: '2026-12-04T10:00:00+08:00' }));
    const second = await postSession(
      t,
      world.owner,
      seatedBody(world, { startsAt: '2026-12-04T15:00:00+08:00', policy: LATER_SALES }),
    );
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    const id = second.json().id;

    const clash = await patch(id, { startsAt: '2026-12-04T12:14:00+08:00' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error).toMatchObject({ code: 'HALL_BUSY', details: { sessionId: first.json().id } });
    const unlicensed = await patch(id, { startsAt: '2027-01-04T15:00:00+08:00' });
    expect(unlicensed.statusCode).toBe(422);
    expect(unlicensed.json().error.code).toBe('LICENCE_REQUIRED');
    const fits = await patch(id, { startsAt: '2026-12-04T12:15:00+08:00' });
    expect(fits.statusCode).toBe(200);
    // Moving within its own window does not clash with itself.
    const nudge = await patch(id, { startsAt: '2026-12-04T12:20:00+08:00', endsAt: '2026-12-04T14:00:00+08:00' });
    expect(nudge.statusCode).toBe(200);
    expect(nudge.json().endsAt).toBe('2026-12-04T06:00:00.000Z');
  });

  it('edits tier names and prices but never capacities', async () => {
    const created = await postSession(t, world.owner, {
      productionId: world.show.id,
      mode: 'tiered',
      venueId: world.venueId,
      startsAt: '2026-12-09T19:30:00+08:00',
      tiers: [
        { name: 'VIP', price: 100000, capacity: 10 },
        { name: 'Stalls', price: 30000, capacity: 40 },
      ],
      policy: LATER_SALES,
    });
    const session = created.json();
    const [vip, stalls] = session.tiers;

    const capacity = await patch(session.id, { tiers: [{ id: vip.id, capacity: 12 }] });
    expect(capacity.statusCode).toBe(422);
    expect(capacity.json().error).toMatchObject({ code: 'CAPACITY_NOT_EDITABLE', details: { tierId: vip.id } });
    const unknown = await patch(session.id, { tiers: [{ id: randomUUID(), price: 1 }] });
    expect(unknown.json().error.code).toBe('UNKNOWN_TIER');
    const sameName = await patch(session.id, { tiers: [{ id: stalls.id, name: 'VIP' }] });
    expect(sameName.json().error.code).toBe('DUPLICATE_ENTRY');
    const seatPrices = await patch(session.id, { prices: [{ category: 'standard', price: 1 }] });
    expect(seatPrices.json().error.code).toBe('MODE_MISMATCH');

    const renamed = await patch(session.id, { tiers: [{ id: vip.id, name: 'Front', price: 120000, capacity: 10 }] });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().tiers[0]).toMatchObject({ id: vip.id, name: 'Front', price: { amount: 120000 }, capacity: 10 });
    expect(await unitPrices(session.id)).toEqual(
      [
        { key: vip.id, price: 120000 },
        { key: stalls.id, price: 30000 },
      ].sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
  });

  it('reprices a timed-entry pool from its adult price', async () => {
    const created = await postSession(t, world.owner, {
      productionId: world.exhibition.id,
      mode: 'timed-entry',
      venueId: world.venueId,
      startsAt: '2026-12-09T09:00:00+08:00',
      tiers: [{ name: 'Morning', capacity: 50, price: 6000 }],
      ticketTypes: [{ type: 'adult', price: 6000 }],
      policy: LATER_SALES,
    });
    expect(created.statusCode).toBe(201);
    const session = created.json();
    const changed = await patch(session.id, {
      ticketTypes: [
        { type: 'adult', price: 8000 },
        { type: 'child', price: 4000 },
      ],
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().tiers[0]).toMatchObject({ name: 'Morning', price: { amount: 8000 }, capacity: 50 });
    expect(await unitPrices(session.id)).toEqual([{ key: session.tiers[0].id, price: 8000 }]);
    const direct = await patch(session.id, { tiers: [{ id: session.tiers[0].id, price: 1 }] });
    expect(direct.json().error.code).toBe('MODE_MISMATCH');
  });

  it('locks a session once its sales open (SESSION_LOCKED), writing nothing', async () => {
    const created = await postSession(
      t,
      world.owner,
      seatedBody(world, { startsAt: '2026-12-05T19:30:00+08:00', policy: { salesOpenAt: '2026-11-20T08:05:00Z' } }),
    );
    const id = created.json().id;
    const before = await patch(id, { policy: { maxTicketsPerUser: 2 } });
    expect(before.statusCode).toBe(200);

    const start = t.clock.now();
    t.clock.set(new Date('2026-11-20T08:05:00Z'));
    try {
      const after = await patch(id, { policy: { maxTicketsPerUser: 3 } });
      expect(after.statusCode).toBe(422);
      expect(after.json().error.code).toBe('SESSION_LOCKED');
      const read = await t.app.inject({ method: 'GET', url: `/api/merchant/sessions/${id}`, headers: world.owner.headers });
      expect(read.json().policy.maxTicketsPerUser).toBe(2);
    } finally {
      t.clock.set(start);
    }
  });

  it('refuses bad PATCH input with 400 and changes nothing', async () => {
    const created = await postSession(
      t,
      world.owner,
      seatedBody(world, { startsAt: '2026-12-06T19:30:00+08:00', policy: LATER_SALES }),
    );
    const id = created.json().id;
    const counts = await schedulingCounts(t);
    for (const body of [{ mode: 'tiered' }, { startsAt: 5 }, { policy: { holdMinutes: '10' } }, { prices: [] }]) {
      const response = await patch(id, body);
      expect(response.statusCode).toBe(400);
    }
    const pastStart = await patch(id, { startsAt: '2026-11-01T10:00:00+08:00' });
    expect(pastStart.json().error.code).toBe('INVALID_TIMES');
    const notUuid = await t.app.inject({
      method: 'PATCH',
      url: '/api/merchant/sessions/nope',
      headers: world.owner.headers,
      payload: {},
    });
    expect(notUuid.statusCode).toBe(400);
    const missing = await patch(randomUUID(), {});
    expect(missing.statusCode).toBe(404);
    expect(await schedulingCounts(t)).toEqual(counts);
    const read = await t.app.inject({ method: 'GET', url: `/api/merchant/sessions/${id}`, headers: world.owner.headers });
    expect(read.json().startsAt).toBe('2026-12-06T11:30:00.000Z');
  });

  it('cancels a session: every unit off sale, once', async () => {
    const created = await postSession(t, world.owner, seatedBody(world, { startsAt: '2026-12-07T19:30:00+08:00' }));
    const id = created.json().id;
    const orderId = randomUUID();
    await t.deps.database.db.execute(sql`
      update inventory_unit set state = 'held', order_id = ${orderId}, held_until = '2026-11-20T08:15:00Z'
      where session_id = ${id} and seat_key = 'r1c1'`);
    await t.deps.database.db.execute(sql`
      update inventory_unit set state = 'sold', order_id = ${orderId} where session_id = ${id} and seat_key = 'r1c2'`);

    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/merchant/sessions/${id}/cancel`,
      headers: world.owner.headers,
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({
      status: 'cancelled',
      cancelledAt: t.clock.now().toISOString(),
      available: 0,
      onSale: false,
    });
    expect(await unitStates(t, id)).toEqual({ blocked: 11 });
    // Sold units keep their order, for the refund that follows.
    const [kept] = await queryRows<{ count: number }>(
      t.deps.database.db,
      sql`select count(*)::int as count from inventory_unit where session_id = ${id} and order_id = ${orderId}`,
    );
    expect(kept!.count).toBe(2);

    const twice = await t.app.inject({ method: 'POST', url: `/api/merchant/sessions/${id}/cancel`, headers: world.owner.headers });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('SESSION_CANCELLED');
    const edit = await patch(id, { policy: { holdMinutes: 5 } });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('SESSION_CANCELLED');
    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/merchant/sessions?status=cancelled`,
      headers: world.owner.headers,
    });
    expect(listed.json().items.map((item: { id: string }) => item.id)).toContain(id);
  });
});
