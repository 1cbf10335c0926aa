import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import type { TestActor } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestProduction } from '../support/catalog.js';
import {
  createSeatedSession,
  createTieredSession,
  customer,
  holdOrder,
  ordersOf,
  nextStart,
  seatsOf,
  sweep,
  unitsOf,
} from '../support/orders.js';
import { createSchedulingWorld, postSession, type SchedulingWorld } from '../support/scheduling.js';

describe('the order lifecycle', () => {
  let t: TestApp;
  let world: SchedulingWorld;
  let buyer: TestActor;
  let stranger: TestActor;

  beforeAll(async () => {
    t = await createTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400' });
    world = await createSchedulingWorld(t);
    buyer = await customer(t);
    stranger = await customer(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (actor: TestActor, url: string) => t.app.inject({ method: 'GET', url, headers: actor.headers });
  const cancel = (actor: TestActor, id: string) =>
    t.app.inject({ method: 'POST', url: `/api/orders/${id}/cancel`, headers: actor.headers });
  const hide = (actor: TestActor, id: string) =>
    t.app.inject({ method: 'DELETE', url: `/api/orders/${id}`, headers: actor.headers });
  const pool = async (quantity = 1, policy?: object) => {
    const session = await createTieredSession(t, world, policy ? { policy } : {});
    return { session, body: { sessionId: session.id, tiers: [{ tierId: session.tiers[1]!.id, quantity }] } };
  };

  it('shows an order with its items, session, production and venue; another customer gets 404', async () => {
    const session = await createSeatedSession(t, world);
    const order = await holdOrder(t, buyer, { sessionId: session.id, seats: [session.at(1, 1).id, session.at(1, 2).id] });
    const response = await get(buyer, `/api/orders/${order.id}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      id: order.id,
      status: 'pending',
      sessionId: session.id,
      createdAt: order.createdAt,
      expiresAt: order.expiresAt,
      paidAt: null,
      cancelledAt: null,
      hidden: false,
      total: { amount: 13000, currency: 'CNY' },
      ticketCount: 2,
      contact: null,
      session: {
        id: session.id,
        startsAt: expect.any(String),
        endsAt: expect.any(String),
        mode: 'seated',
        slotLabel: null,
        hall: { id: world.hallId, name: expect.any(String) },
      },
      production: { id: world.movie.id, title: world.movie.title, kind: 'movie', posterUrl: null },
      venue: { id: world.venueId, name: expect.any(String), address: expect.any(String), timezone: 'Asia/Shanghai' },
      items: order.items,
      payments: [],
      refunds: [],
      tickets: [],
    });
    for (const request of [get(stranger, `/api/orders/${order.id}`), cancel(stranger, order.id), hide(stranger, order.id)]) {
      const refused = await request;
      expect(refused.statusCode).toBe(404);
      expect(refused.json().error.code).toBe('NOT_FOUND');
    }
    expect((await get(buyer, `/api/orders/${randomUUID()}`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/orders/${order.id}` })).statusCode).toBe(401);
    expect((await ordersOf(t, session.id))[0]!.status).toBe('pending');
  });

  it('cancels a pending order and frees its seats at once; only once', async () => {
    const session = await createSeatedSession(t, world);
    const seats = [session.at(2, 1).id, session.at(2, 2).id];
    const order = await holdOrder(t, buyer, { sessionId: session.id, seats });
    const response = await cancel(buyer, order.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: order.id, status: 'cancelled', cancelledAt: t.clock.now().toISOString() });
    expect((await seatsOf(t, session.id)).every((seat) => seat.state === 'free')).toBe(true);
    expect((await unitsOf(t, session.id)).every((unit) => unit.order_id === null)).toBe(true);
    expect(await ordersOf(t, session.id)).toEqual([expect.objectContaining({ status: 'cancelled', live_items: 0 })]);

    const again = await cancel(buyer, order.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'ORDER_NOT_PENDING', details: { status: 'cancelled' } });
    // The seats sell again.
    await holdOrder(t, stranger, { sessionId: session.id, seats });
  });

  it('reads an order as expired once its hold passes, before any sweep, and refuses to cancel it', async () => {
    const { session, body } = await pool(2);
    const order = await holdOrder(t, buyer, body);
    t.clock.advance(15 * 60_000 - 1);
    expect((await get(buyer, `/api/orders/${order.id}`)).json().status).toBe('pending');
    t.clock.advance(1);
    expect((await get(buyer, `/api/orders/${order.id}`)).json().status).toBe('expired');
    const list = (await get(buyer, '/api/orders?status=expired')).json();
    expect(list.items.map((item: { id: string }) => item.id)).toContain(order.id);
    expect((await get(buyer, '/api/orders?status=pending')).json().items.map((item: { id: string }) => item.id)).not.toContain(
      order.id,
    );
    const refused = await cancel(buyer, order.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'ORDER_NOT_PENDING', details: { status: 'expired' } });
    // Stored, it is still pending until the sweeper comes.
    expect((await ordersOf(t, session.id))[0]!.status).toBe('pending');
  });

  it('sweeps lapsed orders: expired, items ended, only the units they still hold freed', async () => {
    await sweep(t);
    const session = await createSeatedSession(t, world);
    const [a, b, c] = [session.at(3, 1).id, session.at(3, 2).id, session.at(3, 3).id];
    const lapsed = await holdOrder(t, buyer, { sessionId: session.id, seats: [a, b, c] });
    const { body } = await pool(1);
    const also = await holdOrder(t, buyer, body);
    t.clock.advance(15 * 60_000);
    // Another customer takes over two of the lapsed seats before the sweep.
    const newer = await holdOrder(t, stranger, { sessionId: session.id, seats: [b, c] });
    const fresh = await holdOrder(t, buyer, body);

    expect(await sweep(t, { batchSize: 1 })).toBe(2);
    const stored = await ordersOf(t, session.id);
    expect(stored.find((order) => order.id === lapsed.id)).toMatchObject({ status: 'expired', live_items: 0 });
    expect(stored.find((order) => order.id === newer.id)).toMatchObject({ status: 'pending', live_items: 2 });
    const units = await unitsOf(t, session.id);
    expect(units.find((unit) => unit.id === a)).toMatchObject({ state: 'free', order_id: null, held_until: null });
    for (const id of [b, c]) expect(units.find((unit) => unit.id === id)).toMatchObject({ state: 'held', order_id: newer.id });
    expect((await get(buyer, `/api/orders/${also.id}`)).json().status).toBe('expired');
    expect((await get(buyer, `/api/orders/${fresh.id}`)).json().status).toBe('pending');
    expect(await sweep(t)).toBe(0);
  });

  it('hides finished orders only; hidden ones leave the list but stay readable', async () => {
    const { body } = await pool(1);
    const pending = await holdOrder(t, buyer, body);
    const refused = await hide(buyer, pending.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'ORDER_NOT_FINISHED', details: { status: 'pending' } });

    const cancelled = await holdOrder(t, buyer, (await pool(1)).body);
    await cancel(buyer, cancelled.id);
    expect((await hide(buyer, cancelled.id)).statusCode).toBe(204);
    expect((await hide(buyer, cancelled.id)).statusCode).toBe(204);
    const ids = (await get(buyer, '/api/orders?pageSize=100')).json().items.map((item: { id: string }) => item.id);
    expect(ids).toContain(pending.id);
    expect(ids).not.toContain(cancelled.id);
    expect((await get(buyer, `/api/orders/${cancelled.id}`)).json()).toMatchObject({ status: 'cancelled', hidden: true });

    // A lapsed order the sweeper has not reached is expired as it is hidden, and frees its places.
    const { session: lapsedSession, body: lapsedBody } = await pool(2);
    const lapsed = await holdOrder(t, buyer, lapsedBody);
    t.clock.advance(15 * 60_000);
    expect((await hide(buyer, lapsed.id)).statusCode).toBe(204);
    expect(await ordersOf(t, lapsedSession.id)).toEqual([expect.objectContaining({ status: 'expired', live_items: 0 })]);
    expect((await unitsOf(t, lapsedSession.id)).every((unit) => unit.state === 'free')).toBe(true);
  });

  it('lists the customer’s own orders newest first, paged, by status and by fuzzy production title', async () => {
    const lister = await customer(t);
    const interstellar = await createTestProduction(t, {
      kind: 'performance',
      title: 'Interstellar in Concert',
      status: 'published',
      durationMinutes: 90,
      merchantId: world.merchant.merchantId,
    });
    const created = await postSession(t, world.owner, {
      productionId: interstellar.id,
      mode: 'tiered',
      venueId: world.venueId,
      startsAt: nextStart(t),
      tiers: [{ name: 'Floor', price: 50000, capacity: 10 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const concert = created.json();
    const first = await holdOrder(t, lister, { sessionId: concert.id, tiers: [{ tierId: concert.tiers[0].id, quantity: 1 }] });
    t.clock.advance(1000);
    const { body } = await pool(1);
    const second = await holdOrder(t, lister, body);
    t.clock.advance(1000);
    const third = await holdOrder(t, lister, (await pool(1)).body);
    await cancel(lister, third.id);
    await holdOrder(t, stranger, { sessionId: concert.id, tiers: [{ tierId: concert.tiers[0].id, quantity: 1 }] });

    const all = (await get(lister, '/api/orders')).json();
    expect(all).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(all.items.map((item: { id: string }) => item.id)).toEqual([third.id, second.id, first.id]);
    expect(all.items[2]).toMatchObject({
      id: first.id,
      status: 'pending',
      ticketCount: 1,
      total: { amount: 50000, currency: 'CNY' },
      production: { id: interstellar.id, title: 'Interstellar in Concert', kind: 'performance' },
      session: { id: concert.id, mode: 'tiered', hall: null },
      venue: { id: world.venueId },
    });

    const paged = (await get(lister, '/api/orders?page=2&pageSize=2')).json();
    expect(paged).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(paged.items.map((item: { id: string }) => item.id)).toEqual([first.id]);
    expect((await get(lister, '/api/orders?page=5&pageSize=2')).json()).toMatchObject({ items: [], total: 3 });

    const cancelledOnly = (await get(lister, '/api/orders?status=cancelled')).json();
    expect(cancelledOnly.items.map((item: { id: string }) => item.id)).toEqual([third.id]);
    for (const q of ['interstellar', 'Intersteller', 'concert']) {
      const found = (await get(lister, `/api/orders?q=${encodeURIComponent(q)}`)).json();
      expect(found.items.map((item: { id: string }) => item.id), q).toEqual([first.id]);
    }
    expect((await get(lister, '/api/orders?q=zzzzzz')).json()).toMatchObject({ items: [], total: 0 });
    expect((await get(lister, '/api/orders?status=unknown')).statusCode).toBe(400);
  });

  it('keeps the stored rows consistent: held units belong to pending orders of their session', async () => {
    const rows = await queryRows<{ bad: number }>(
      t.deps.database.db,
      sql`select count(*)::int as bad from inventory_unit u
          left join customer_order o on o.id = u.order_id
          where u.state = 'held' and (o.id is null or o.session_id <> u.session_id or o.status <> 'pending')`,
    );
    expect(rows[0]!.bad).toBe(0);
  });
});
