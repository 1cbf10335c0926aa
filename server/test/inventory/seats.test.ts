import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../support/app.js';
import { createSchedulingWorld, postSession, seatedBody, SMALL_MAP, type SchedulingWorld } from '../support/scheduling.js';
import { fullGrid } from '../support/venues.js';

interface SeatAnswer {
  id: string;
  row: number;
  col: number;
  label: string;
  type: string;
  category: string;
  state: string;
}

describe('seat maps and public sessions', () => {
  let t: TestApp;
  let world: SchedulingWorld;
  let seatedId: string;
  let tieredId: string;

  beforeAll(async () => {
    t = await createTestApp();
    world = await createSchedulingWorld(t);
    seatedId = (await postSession(t, world.owner, seatedBody(world))).json().id;
    tieredId = (
      await postSession(t, world.owner, {
        productionId: world.show.id,
        mode: 'tiered',
        venueId: world.venueId,
        startsAt: '2026-12-02T19:30:00+08:00',
        tiers: [
          { name: 'VIP', price: 88000, capacity: 5 },
          { name: 'Stalls', price: 28000, capacity: 20 },
        ],
      })
    ).json().id;
  });
  afterAll(async () => {
    await t.close();
  });

  const seats = async (sessionId: string) => t.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}/seats` });

  /** Sets one seat's state as orders would: held with an order and an end, sold with an order, or blocked. */
  async function setSeat(sessionId: string, seatKey: string, state: 'held' | 'sold' | 'blocked', heldUntil?: string) {
    await t.deps.database.db.execute(sql`
      update inventory_unit set state = ${state},
        order_id = ${state === 'blocked' ? null : randomUUID()}, held_until = ${heldUntil ?? null}
      where session_id = ${sessionId} and seat_key = ${seatKey}`);
  }

  it('serves the map without a token: the grid and every seat, free', async () => {
    const response = await seats(seatedId);
    expect(response.statusCode).toBe(200);
    const map = response.json();
    expect(map).toMatchObject({ rows: 3, cols: 4 });
    expect(map.seats).toHaveLength(11);
    expect(map.seats[0]).toMatchObject({ row: 1, col: 1, label: '1排1座', type: 'vip', category: 'vip', state: 'free' });
    expect(map.seats.every((seat: SeatAnswer) => seat.state === 'free')).toBe(true);
    // Row 3 has no fourth seat: it is an aisle.
    expect(map.seats.find((seat: SeatAnswer) => seat.row === 3 && seat.col === 4)).toBeUndefined();
  });

  it('shows held, sold and blocked seats, and an expired hold as free', async () => {
    const soon = new Date(t.clock.now().getTime() + 10 * 60_000).toISOString();
    const past = new Date(t.clock.now().getTime() - 60_000).toISOString();
    await setSeat(seatedId, 'r1c1', 'held', soon);
    await setSeat(seatedId, 'r1c2', 'sold');
    await setSeat(seatedId, 'r1c3', 'blocked');
    await setSeat(seatedId, 'r1c4', 'held', past);
    const map = (await seats(seatedId)).json();
    const stateAt = (col: number) => map.seats.find((seat: SeatAnswer) => seat.row === 1 && seat.col === col).state;
    expect([1, 2, 3, 4].map(stateAt)).toEqual(['held', 'sold', 'blocked', 'free']);

    const session = await t.app.inject({ method: 'GET', url: `/api/sessions/${seatedId}` });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({ capacity: 11, available: 8 });
    expect(session.json().seatCategories).toEqual(
      expect.arrayContaining([
        { category: 'vip', price: { amount: 6500, currency: 'CNY' }, seats: 4, available: 1 },
        { category: 'standard', price: { amount: 4500, currency: 'CNY' }, seats: 7, available: 7 },
      ]),
    );

    // Ten minutes on, the first hold has lapsed too.
    t.clock.advance(10 * 60_000);
    try {
      const later = (await seats(seatedId)).json();
      expect(later.seats.find((seat: SeatAnswer) => seat.row === 1 && seat.col === 1).state).toBe('free');
    } finally {
      t.clock.advance(-10 * 60_000);
    }
  });

  it('keeps a session’s seats when the hall’s map is edited later', async () => {
    const before = (await seats(seatedId)).json();
    const edited = await t.app.inject({
      method: 'PUT',
      url: `/api/merchant/venues/${world.venueId}/halls/${world.hallId}`,
      headers: world.owner.headers,
      payload: { name: 'Rebuilt', seatMap: fullGrid(6, 10) },
    });
    expect(edited.statusCode).toBe(200);
    const after = (await seats(seatedId)).json();
    expect(after).toEqual(before);
    expect(after.rows).toBe(SMALL_MAP.rows);
    // A session created now copies the new map.
    const fresh = await postSession(
      t,
      world.owner,
      seatedBody(world, { startsAt: '2026-12-03T19:30:00+08:00', prices: [{ category: 'standard', price: 3000 }] }),
    );
    expect(fresh.statusCode).toBe(201);
    expect((await seats(fresh.json().id)).json()).toMatchObject({ rows: 6, cols: 10 });
    expect((await seats(fresh.json().id)).json().seats).toHaveLength(60);
  });

  it('describes a tiered session publicly, with availability per tier', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/sessions/${tieredId}` });
    expect(response.statusCode).toBe(200);
    const session = response.json();
    expect(session).toMatchObject({
      id: tieredId,
      mode: 'tiered',
      status: 'scheduled',
      production: { id: world.show.id, kind: 'performance', durationMinutes: 90 },
      venue: { id: world.venueId, timezone: 'Asia/Shanghai', cityCode: '310100' },
      hall: null,
      capacity: 25,
      available: 25,
      onSale: true,
      policy: { holdMinutes: 15, maxTicketsPerUser: 6 },
    });
    expect(session.merchantId).toBeUndefined();
    const vip = session.tiers.find((tier: { name: string }) => tier.name === 'VIP');
    await t.deps.database.db.execute(sql`
      update inventory_unit set state = 'sold', order_id = ${randomUUID()}
      where id in (select id from inventory_unit where tier_id = ${vip.id} limit 2)`);
    const after = (await t.app.inject({ method: 'GET', url: `/api/sessions/${tieredId}` })).json();
    expect(after.tiers.find((tier: { name: string }) => tier.name === 'VIP')).toMatchObject({ capacity: 5, available: 3 });
    expect(after.available).toBe(23);
  });

  it('answers NOT_SEATED for a session without seats, 404 for none, 400 for a malformed id', async () => {
    const tiered = await seats(tieredId);
    expect(tiered.statusCode).toBe(422);
    expect(tiered.json().error.code).toBe('NOT_SEATED');
    expect((await seats(randomUUID())).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/sessions/${randomUUID()}` })).statusCode).toBe(404);
    expect((await seats('12')).statusCode).toBe(400);
  });
});
