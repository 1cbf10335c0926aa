import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestActor } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/app.js';
import {
  createTieredSession,
  customer,
  holdOrder,
  orderCounts,
  ordersOf,
  postOrder,
  type PoolSession,
} from '../support/orders.js';
import { createSchedulingWorld, type SchedulingWorld } from '../support/scheduling.js';
import { createTestVisitor, idCardNumber } from '../support/visitors.js';

describe('real-name sessions', () => {
  let t: TestApp;
  let world: SchedulingWorld;
  let buyer: TestActor;
  let friend: TestActor;

  beforeAll(async () => {
    t = await createTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400' });
    world = await createSchedulingWorld(t);
    buyer = await customer(t);
    friend = await customer(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const realName = () => createTieredSession(t, world, { policy: { realName: true } });
  const places = (session: PoolSession, quantity: number, visitorIds?: string[]) => ({
    sessionId: session.id,
    tiers: [{ tierId: session.tiers[1]!.id, quantity }],
    ...(visitorIds ? { visitorIds } : {}),
  });

  it('needs one visitor per ticket, and shows each holder with a masked ID', async () => {
    const session = await realName();
    const before = await orderCounts(t);
    const none = await postOrder(t, buyer, places(session, 2));
    expect(none.statusCode).toBe(422);
    expect(none.json().error).toMatchObject({ code: 'VISITOR_REQUIRED', details: { required: 2, given: 0 } });
    const zhang = await createTestVisitor(t, buyer, { name: '张三', idNumber: idCardNumber({ sequence: 101 }) });
    const short = await postOrder(t, buyer, places(session, 2, [zhang.id]));
    expect(short.json().error).toMatchObject({ code: 'VISITOR_REQUIRED', details: { required: 2, given: 1 } });
    const twice = await postOrder(t, buyer, places(session, 2, [zhang.id, zhang.id]));
    expect(twice.statusCode).toBe(422);
    expect(twice.json().error.code).toBe('VISITOR_DUPLICATE');
    const stranger = await postOrder(t, buyer, places(session, 1, [randomUUID()]));
    expect(stranger.statusCode).toBe(404);
    expect(await orderCounts(t)).toEqual(before);

    const li = await createTestVisitor(t, buyer, { name: '李四', idNumber: idCardNumber({ sequence: 102 }) });
    const order = await holdOrder(t, buyer, places(session, 2, [zhang.id, li.id]));
    expect(order.items.map((item: { holder: unknown }) => item.holder)).toEqual([
      { visitorId: zhang.id, name: '张三', idType: 'id-card', idNumber: zhang.idNumber },
      { visitorId: li.id, name: '李四', idType: 'id-card', idNumber: li.idNumber },
    ]);
    expect(zhang.idNumber).toContain('*');
    const detail = await t.app.inject({ method: 'GET', url: `/api/orders/${order.id}`, headers: buyer.headers });
    expect(detail.json().items[1].holder).toEqual({ visitorId: li.id, name: '李四', idType: 'id-card', idNumber: li.idNumber });
  });

  it('allows one live ticket per ID number per session, across customers (VISITOR_ALREADY_HOLDS_TICKET)', async () => {
    const session = await realName();
    const idNumber = idCardNumber({ sequence: 201 });
    const mine = await createTestVisitor(t, buyer, { idNumber });
    const theirs = await createTestVisitor(t, friend, { idNumber });
    const first = await holdOrder(t, buyer, places(session, 1, [mine.id]));

    const again = await postOrder(t, buyer, places(session, 1, [mine.id]));
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'VISITOR_ALREADY_HOLDS_TICKET', details: { visitorIds: [mine.id] } });
    const other = await postOrder(t, friend, places(session, 1, [theirs.id]));
    expect(other.statusCode).toBe(409);
    expect(other.json().error).toMatchObject({ code: 'VISITOR_ALREADY_HOLDS_TICKET', details: { visitorIds: [theirs.id] } });
    expect((await ordersOf(t, session.id)).map((order) => order.id)).toEqual([first.id]);

    // The same person may go to another session.
    await holdOrder(t, friend, places(await realName(), 1, [theirs.id]));

    // Cancelling frees the ID at once.
    const cancelled = await t.app.inject({ method: 'POST', url: `/api/orders/${first.id}/cancel`, headers: buyer.headers });
    expect(cancelled.statusCode).toBe(200);
    await holdOrder(t, friend, places(session, 1, [theirs.id]));
  });

  it('frees the ID of a lapsed hold before the sweeper runs', async () => {
    const session = await realName();
    const idNumber = idCardNumber({ sequence: 301 });
    const mine = await createTestVisitor(t, buyer, { idNumber });
    const theirs = await createTestVisitor(t, friend, { idNumber });
    const first = await holdOrder(t, buyer, places(session, 1, [mine.id]));
    t.clock.advance(15 * 60_000);
    const second = await holdOrder(t, friend, places(session, 1, [theirs.id]));
    const stored = await ordersOf(t, session.id);
    expect(stored.find((order) => order.id === first.id)).toMatchObject({ status: 'expired', live_items: 0 });
    expect(stored.find((order) => order.id === second.id)).toMatchObject({ status: 'pending', live_items: 1 });
  });
});
