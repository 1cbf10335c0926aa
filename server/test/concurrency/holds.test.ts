import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDueOrders } from '../../src/modules/orders/index.js';
import { createTestApp, createSiblingApp, type TestApp } from '../support/app.js';
import type { TestActor } from '../support/actors.js';
import {
  createSeatedSession,
  createTieredSession,
  customer,
  customers,
  expectSound,
  holdOrder,
  inventoryReport,
  ordersOf,
  postOrder,
  statusCounts,
  sweep,
  unitsOf,
} from '../support/orders.js';
import { createSchedulingWorld, type SchedulingWorld } from '../support/scheduling.js';
import { fullGrid } from '../support/venues.js';

/**
 * Many buyers at once. On PostgreSQL the app's pool runs the requests in parallel for real; on PGlite
 * they interleave on one connection. Either way exactly the right number of holds must win.
 */
describe('parallel holds', () => {
  let t: TestApp;
  let world: SchedulingWorld;

  beforeAll(async () => {
    t = await createTestApp({ DATABASE_POOL_SIZE: '30', ACCESS_TOKEN_TTL_SECONDS: '86400' });
    world = await createSchedulingWorld(t);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Error codes of the refused answers, counted. */
  const codes = (responses: { statusCode: number; json(): { error?: { code: string } } }[]) => {
    const counts: Record<string, number> = {};
    for (const response of responses.filter((candidate) => candidate.statusCode >= 400)) {
      const code = response.json().error!.code;
      counts[code] = (counts[code] ?? 0) + 1;
    }
    return counts;
  };

  it('100 buyers of the same two seats: exactly one hold, 99 × SEAT_UNAVAILABLE, no server error', async () => {
    const session = await createSeatedSession(t, world);
    const seats = [session.at(2, 1).id, session.at(2, 2).id];
    const buyers = await customers(t, 100);
    const responses = await Promise.all(buyers.map((buyer) => postOrder(t, buyer, { sessionId: session.id, seats })));
    expect(statusCounts(responses)).toEqual({ 201: 1, 409: 99 });
    expect(codes(responses)).toEqual({ SEAT_UNAVAILABLE: 99 });
    const winner = responses.find((response) => response.statusCode === 201)!.json();
    const held = (await unitsOf(t, session.id)).filter((unit) => unit.state === 'held');
    expect(held.map((unit) => unit.id).sort()).toEqual([...seats].sort());
    expect(held.every((unit) => unit.order_id === winner.id)).toBe(true);
    expect(await ordersOf(t, session.id)).toHaveLength(1);
    expectSound(await inventoryReport(t, session.id), 2);
  });

  it('500 random holds of 1–4 adjacent seats: no seat twice, every hold with its pending order', async () => {
    const session = await createSeatedSession(t, world, { seatMap: fullGrid(10, 20) });
    const buyers = await customers(t, 500);
    const requests = buyers.map((buyer) => {
      const length = 1 + Math.floor(Math.random() * 4);
      const row = 1 + Math.floor(Math.random() * 10);
      const start = 1 + Math.floor(Math.random() * (20 - length + 1));
      const seats = Array.from({ length }, (_, i) => session.at(row, start + i).id);
      return postOrder(t, buyer, { sessionId: session.id, seats });
    });
    const responses = await Promise.all(requests);
    const counts = statusCounts(responses);
    expect(Object.keys(counts).every((status) => ['201', '409', '422'].includes(status)), JSON.stringify(counts)).toBe(true);
    expect(Object.keys(codes(responses)).every((code) => ['SEAT_UNAVAILABLE', 'ORPHAN_SEAT'].includes(code))).toBe(true);
    const won = responses.filter((response) => response.statusCode === 201).map((response) => response.json());
    expect(won.length).toBeGreaterThan(0);
    const heldByWinners = won.flatMap((order) => order.items.map((item: { unitId: string }) => item.unitId));
    expect(new Set(heldByWinners).size).toBe(heldByWinners.length);
    const report = await inventoryReport(t, session.id);
    expectSound(report, heldByWinners.length);
    expect((await ordersOf(t, session.id)).map((order) => order.id).sort()).toEqual(won.map((order) => order.id).sort());
  });

  it('50 parallel orders of one customer never hold more than maxTicketsPerUser (6)', async () => {
    const session = await createTieredSession(t, world, { tiers: [{ name: 'Floor', price: 10000, capacity: 200 }] });
    const tierId = session.tiers[0]!.id;
    const buyer = await customer(t);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postOrder(t, buyer, { sessionId: session.id, tiers: [{ tierId, quantity: 1 + (i % 3) }] }),
      ),
    );
    expect(Object.keys(statusCounts(responses)).sort()).toEqual(['201', '422']);
    expect(codes(responses)).toEqual({ LIMIT_EXCEEDED: responses.filter((response) => response.statusCode === 422).length });
    const held = (await unitsOf(t, session.id)).filter((unit) => unit.state === 'held').length;
    const won = responses.filter((response) => response.statusCode === 201);
    expect(held).toBe(won.reduce((sum, response) => sum + response.json().items.length, 0));
    expect(held).toBeLessThanOrEqual(6);
    expect(held).toBeGreaterThanOrEqual(4);
    expectSound(await inventoryReport(t, session.id));
  });

  it('a double click without a key holds once when one order is all the customer may have', async () => {
    const session = await createTieredSession(t, world, { policy: { maxTicketsPerUser: 4 } });
    const buyer = await customer(t);
    const body = { sessionId: session.id, tiers: [{ tierId: session.tiers[1]!.id, quantity: 4 }] };
    const responses = await Promise.all([postOrder(t, buyer, body), postOrder(t, buyer, body)]);
    expect(statusCounts(responses)).toEqual({ 201: 1, 422: 1 });
    expect((await unitsOf(t, session.id)).filter((unit) => unit.state === 'held')).toHaveLength(4);
  });

  it('parallel holds of the last 10 places of a tier: exactly 10 held', async () => {
    const session = await createTieredSession(t, world, { tiers: [{ name: 'Floor', price: 10000, capacity: 20 }] });
    const tierId = session.tiers[0]!.id;
    await holdOrder(t, await customer(t), { sessionId: session.id, tiers: [{ tierId, quantity: 5 }] });
    await holdOrder(t, await customer(t), { sessionId: session.id, tiers: [{ tierId, quantity: 5 }] });
    const buyers = await customers(t, 40);
    const responses = await Promise.all(
      buyers.map((buyer) => postOrder(t, buyer, { sessionId: session.id, tiers: [{ tierId, quantity: 1 }] })),
    );
    expect(statusCounts(responses)).toEqual({ 201: 10, 409: 30 });
    expect(codes(responses)).toEqual({ SOLD_OUT: 30 });
    expectSound(await inventoryReport(t, session.id), 20);
  });

  it('resells lapsed holds exactly once', async () => {
    const seated = await createSeatedSession(t, world);
    const seats = [seated.at(1, 1).id, seated.at(1, 2).id];
    const pool = await createTieredSession(t, world, { tiers: [{ name: 'Floor', price: 10000, capacity: 10 }] });
    const tierId = pool.tiers[0]!.id;
    const first = await holdOrder(t, await customer(t), { sessionId: seated.id, seats });
    const earlier = await Promise.all(
      Array.from({ length: 5 }, async () =>
        holdOrder(t, await customer(t), { sessionId: pool.id, tiers: [{ tierId, quantity: 2 }] }),
      ),
    );
    t.clock.advance(15 * 60_000);

    const buyers = await customers(t, 60);
    const responses = await Promise.all([
      ...buyers.slice(0, 30).map((buyer) => postOrder(t, buyer, { sessionId: seated.id, seats })),
      ...buyers.slice(30).map((buyer) => postOrder(t, buyer, { sessionId: pool.id, tiers: [{ tierId, quantity: 1 }] })),
    ]);
    expect(statusCounts(responses.slice(0, 30))).toEqual({ 201: 1, 409: 29 });
    expect(statusCounts(responses.slice(30))).toEqual({ 201: 10, 409: 20 });
    expectSound(await inventoryReport(t, seated.id), 2);
    expectSound(await inventoryReport(t, pool.id), 10);
    const stored = await ordersOf(t, pool.id);
    for (const old of earlier) expect(stored.find((order) => order.id === old.id)!.status).toBe('pending');
    expect((await ordersOf(t, seated.id)).find((order) => order.id === first.id)!.status).toBe('pending');
    // The sweep expires the lapsed orders and leaves the new holds alone.
    await sweep(t);
    expectSound(await inventoryReport(t, pool.id), 10);
    expect((await ordersOf(t, pool.id)).filter((order) => order.status === 'expired')).toHaveLength(5);
  });

  describe('two app processes on one database', () => {
    let sibling: Awaited<ReturnType<typeof createSiblingApp>>;
    beforeAll(async () => {
      sibling = await createSiblingApp(t);
    });
    afterAll(async () => {
      await sibling.close();
    });

    const postVia = (app: TestApp['app'], buyer: TestActor, body: object) =>
      app.inject({ method: 'POST', url: '/api/orders', headers: buyer.headers, payload: body });

    it('hold at once through both: the same invariants', async () => {
      const session = await createSeatedSession(t, world, { seatMap: fullGrid(6, 10) });
      const seats = [session.at(3, 5).id, session.at(3, 6).id];
      const buyers = await customers(t, 200);
      const contested = await Promise.all(
        buyers.slice(0, 60).map((buyer, i) => postVia(i % 2 ? sibling.app : t.app, buyer, { sessionId: session.id, seats })),
      );
      expect(statusCounts(contested)).toEqual({ 201: 1, 409: 59 });
      const random = await Promise.all(
        buyers.slice(60).map((buyer, i) => {
          const row = 1 + (i % 6);
          const length = 1 + (i % 3);
          const start = 1 + Math.floor(Math.random() * (10 - length + 1));
          const picked = Array.from({ length }, (_, k) => session.at(row, start + k).id);
          return postVia(i % 2 ? sibling.app : t.app, buyer, { sessionId: session.id, seats: picked });
        }),
      );
      expect(random.every((response) => response.statusCode < 500)).toBe(true);
      const won = [...contested, ...random].filter((response) => response.statusCode === 201);
      const units = won.flatMap((response) => response.json().items.map((item: { unitId: string }) => item.unitId));
      expect(new Set(units).size).toBe(units.length);
      expectSound(await inventoryReport(t, session.id), units.length);
    });

    it('sweep at once in both: each lapsed order expires once and its places free', async () => {
      const session = await createTieredSession(t, world, { tiers: [{ name: 'Floor', price: 10000, capacity: 100 }] });
      const tierId = session.tiers[0]!.id;
      const buyers = await customers(t, 60);
      await Promise.all(
        buyers.map((buyer) => holdOrder(t, buyer, { sessionId: session.id, tiers: [{ tierId, quantity: 1 }] })),
      );
      t.clock.advance(15 * 60_000);
      const due = await countDueOrders(t.deps.database.db, t.clock);
      expect(due).toBeGreaterThanOrEqual(60);
      const [here, there] = await Promise.all([
        sweep(t, { batchSize: 5 }),
        sweep(sibling, { batchSize: 5 }),
      ]);
      expect(here + there).toBe(due);
      expect(await countDueOrders(t.deps.database.db, t.clock)).toBe(0);
      const stored = await ordersOf(t, session.id);
      expect(stored.every((order) => order.status === 'expired' && order.live_items === 0)).toBe(true);
      expect((await unitsOf(t, session.id)).every((unit) => unit.state === 'free' && unit.order_id === null)).toBe(true);
    });
  });
});
