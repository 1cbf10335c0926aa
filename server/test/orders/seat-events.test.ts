import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Unlisten } from '../../src/db/client.js';
import type { TestActor } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createSeatedSession, createTieredSession, customer, holdOrder, sweep } from '../support/orders.js';
import { createSchedulingWorld, type SchedulingWorld } from '../support/scheduling.js';

/** What the live seat maps hear on the database channel: session, state, unit ids. */
interface Heard {
  s: string;
  t: string;
  u: string[];
}

describe('seat changes reach the live seat maps after commit', () => {
  let t: TestApp;
  let world: SchedulingWorld;
  let buyer: TestActor;
  const heard: Heard[] = [];
  let unlisten: Unlisten;

  beforeAll(async () => {
    t = await createTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400' });
    world = await createSchedulingWorld(t);
    buyer = await customer(t);
    unlisten = await t.deps.database.listen('seat_changes', (payload) => heard.push(JSON.parse(payload) as Heard));
  });
  afterAll(async () => {
    await unlisten();
    await t.close();
  });

  /** The last state heard for each unit of the session, once every one of `unitIds` has been heard of. */
  async function lastStates(sessionId: string, unitIds: string[], state: string): Promise<Map<string, string>> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const last = new Map<string, string>();
      for (const event of heard.filter((candidate) => candidate.s === sessionId)) {
        for (const id of event.u) last.set(id, event.t);
      }
      if (unitIds.every((id) => last.get(id) === state) || Date.now() > deadline) return last;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('publishes held seats, then free ones when the order is cancelled', async () => {
    const session = await createSeatedSession(t, world);
    const seats = [session.at(2, 1).id, session.at(2, 2).id];
    const order = await holdOrder(t, buyer, { sessionId: session.id, seats });
    const held = await lastStates(session.id, seats, 'held');
    expect(seats.map((id) => held.get(id))).toEqual(['held', 'held']);

    await t.app.inject({ method: 'POST', url: `/api/orders/${order.id}/cancel`, headers: buyer.headers });
    const freed = await lastStates(session.id, seats, 'free');
    expect(seats.map((id) => freed.get(id))).toEqual(['free', 'free']);
    expect([...freed.keys()].sort()).toEqual([...seats].sort());
  });

  it('ends at the true state when a hold and its cancel fall in one publishing interval', async () => {
    const session = await createTieredSession(t, world);
    const order = await holdOrder(t, buyer, { sessionId: session.id, tiers: [{ tierId: session.tiers[0]!.id, quantity: 2 }] });
    await t.app.inject({ method: 'POST', url: `/api/orders/${order.id}/cancel`, headers: buyer.headers });
    const units = order.items.map((item: { unitId: string }) => item.unitId);
    const last = await lastStates(session.id, units, 'free');
    expect(units.map((id: string) => last.get(id))).toEqual(['free', 'free']);
  });

  it('publishes the places the sweeper frees', async () => {
    const session = await createTieredSession(t, world);
    const order = await holdOrder(t, buyer, { sessionId: session.id, tiers: [{ tierId: session.tiers[1]!.id, quantity: 1 }] });
    const unit = order.items[0].unitId as string;
    await lastStates(session.id, [unit], 'held');
    t.clock.advance(15 * 60_000);
    await sweep(t);
    const last = await lastStates(session.id, [unit], 'free');
    expect(last.get(unit)).toBe('free');
  });
});
