import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/client.js';
import { notifySeatChanges } from '../../../src/modules/inventory/index.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { createSchedulingWorld, postSession, seatedBody, type SchedulingWorld } from '../../support/scheduling.js';
import { createTestHall, fullGrid } from '../../support/venues.js';
import { changeSeats, dropSpareSockets, openEventStream, sseClients, waitForClients, type EventStream } from './stream.js';

interface SeatState {
  id: string;
  row: number;
  col: number;
  state: string;
}

const LIMIT = 4;

describe('live seat maps over Server-Sent Events', () => {
  let t: TestApp;
  let world: SchedulingWorld;
  let baseUrl: string;
  let seatedId: string;
  let tieredId: string;
  const streams: EventStream[] = [];

  /** Opens a stream that afterAll closes if the test did not. */
  const open = async (sessionId: string, headers?: Record<string, string>) => {
    const stream = await openEventStream(baseUrl, sessionId, headers);
    streams.push(stream);
    return stream;
  };
  const seatIds = async (sessionId: string) =>
    (
      await queryRows<{ id: string }>(
        t.deps.database.db,
        sql`select id::text as id from inventory_unit where session_id = ${sessionId} order by seat_row, seat_col`,
      )
    ).map((row) => row.id);

  beforeAll(async () => {
    t = await createTestApp({ SSE_MAX_CLIENTS: String(LIMIT), SSE_HEARTBEAT_SECONDS: '1' });
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
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    dropSpareSockets(t?.app);
    await t?.close();
  });

  it('starts with a snapshot of the current states, with SSE headers; an expired hold shows free', async () => {
    const [first, second, third] = await seatIds(seatedId);
    await changeSeats(t.deps.database.db, seatedId, [first!], 'sold');
    await changeSeats(t.deps.database.db, seatedId, [second!], 'held', { heldUntil: new Date(t.clock.now().getTime() - 1000) });
    await changeSeats(t.deps.database.db, seatedId, [third!], 'held', { heldUntil: new Date(t.clock.now().getTime() + 60_000) });

    const stream = await open(seatedId);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers.get('cache-control')).toBe('no-cache');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    const snapshot = await stream.next();
    expect(snapshot.event).toBe('snapshot');
    expect(snapshot.data).toMatchObject({ sessionId: seatedId, mode: 'seated', rows: 3, cols: 4 });
    const seats = snapshot.data.seats as SeatState[];
    expect(seats).toHaveLength(11);
    expect(seats.slice(0, 4).map((seat) => seat.state)).toEqual(['sold', 'free', 'held', 'free']);
    // The same truth as the seat map read.
    const map = (await t.app.inject({ method: 'GET', url: `/api/sessions/${seatedId}/seats` })).json();
    expect({ rows: map.rows, cols: map.cols, seats: map.seats }).toEqual({ rows: 3, cols: 4, seats });
    stream.close();
    await changeSeats(t.deps.database.db, seatedId, [first!, second!, third!], 'free');
  });

  it('sends a committed change as a seats event, and never one that rolled back', async () => {
    const [first, second, third] = await seatIds(seatedId);
    const stream = await open(seatedId);
    await stream.next('snapshot');

    await changeSeats(t.deps.database.db, seatedId, [first!], 'held', { rollback: true });
    await changeSeats(t.deps.database.db, seatedId, [second!, third!], 'held');
    // Notifications arrive in commit order, so had the rolled-back one been sent, it would come first.
    expect(await stream.next()).toEqual({ event: 'seats', data: { seatIds: [second, third], state: 'held' } });

    await changeSeats(t.deps.database.db, seatedId, [second!, third!], 'free');
    expect(await stream.next()).toEqual({ event: 'seats', data: { seatIds: [second, third], state: 'free' } });
    expect(stream.pending()).toEqual([]);
    stream.close();
  });

  it('gives a reconnecting client (Last-Event-ID or not) a fresh snapshot with what changed meanwhile', async () => {
    const [first] = await seatIds(seatedId);
    const stream = await open(seatedId);
    expect(((await stream.next('snapshot')).data.seats as SeatState[])[0]!.state).toBe('free');
    stream.close();

    await changeSeats(t.deps.database.db, seatedId, [first!], 'sold');
    const again = await open(seatedId, { 'last-event-id': '42' });
    const snapshot = await again.next();
    expect(snapshot.event).toBe('snapshot');
    expect((snapshot.data.seats as SeatState[])[0]).toMatchObject({ id: first, state: 'sold' });
    again.close();
    await changeSeats(t.deps.database.db, seatedId, [first!], 'free');
  });

  it('sends tiered sessions their counts per tier: a snapshot, then availability as places change', async () => {
    const stream = await open(tieredId);
    const snapshot = await stream.next('snapshot');
    expect(snapshot.data).toMatchObject({ sessionId: tieredId, mode: 'tiered', total: 25, available: 25 });
    const tiers = snapshot.data.tiers as { tierId: string; total: number; available: number }[];
    expect(tiers.map((tier) => tier.total).sort()).toEqual([20, 5]);
    const vip = tiers.find((tier) => tier.total === 5)!;

    const units = await queryRows<{ id: string }>(
      t.deps.database.db,
      sql`select id::text as id from inventory_unit where tier_id = ${vip.tierId} limit 2`,
    );
    await changeSeats(
      t.deps.database.db,
      tieredId,
      units.map((unit) => unit.id),
      'sold',
    );
    const availability = await stream.next('availability');
    expect(availability.data).toMatchObject({ sessionId: tieredId, mode: 'tiered', total: 25, available: 23 });
    expect((availability.data.tiers as typeof tiers).find((tier) => tier.tierId === vip.tierId)).toEqual({
      tierId: vip.tierId,
      total: 5,
      available: 3,
    });
    stream.close();
  });

  it('delivers a 1,500-seat cancellation completely, split over several notifications', async () => {
    const bigHall = await createTestHall(t, world.merchant, { name: 'Arena', seatMap: fullGrid(30, 50) });
    const created = await postSession(
      t,
      world.owner,
      seatedBody(world, { hallId: bigHall.id, prices: [{ category: 'standard', price: 3000 }] }),
    );
    expect(created.statusCode).toBe(201);
    const bigId = created.json().id;
    const stream = await open(bigId);
    expect((await stream.next('snapshot')).data.seats).toHaveLength(1500);

    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/merchant/sessions/${bigId}/cancel`,
      headers: world.owner.headers,
    });
    expect(cancelled.statusCode).toBe(200);
    const blocked = new Set<string>();
    let events = 0;
    while (blocked.size < 1500) {
      const event = await stream.next('seats');
      expect(event.data.state).toBe('blocked');
      for (const id of event.data.seatIds as string[]) blocked.add(id);
      events += 1;
    }
    expect(events).toBeGreaterThan(1);
    expect([...blocked].sort()).toEqual((await seatIds(bigId)).sort());
    stream.close();
  });

  it('splits a large change into notifications under PostgreSQL’s 8000-byte limit, every id in exactly one', async () => {
    const payloads: string[] = [];
    const unlisten = await t.deps.database.listen('seat_changes', (payload) => payloads.push(payload));
    const unitIds = Array.from({ length: 1500 }, () => randomUUID());
    const sessionId = randomUUID();
    await t.deps.database.db.transaction(async (tx) => notifySeatChanges(tx, { sessionId, unitIds, state: 'free' }));
    const deadline = Date.now() + 10_000;
    while (payloads.length < 10 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await unlisten();
    expect(payloads).toHaveLength(10);
    expect(Math.max(...payloads.map((payload) => Buffer.byteLength(payload)))).toBeLessThan(8000);
    const parsed = payloads.map((payload) => JSON.parse(payload) as { s: string; t: string; u: string[] });
    expect(parsed.every((payload) => payload.s === sessionId && payload.t === 'free')).toBe(true);
    expect(parsed.flatMap((payload) => payload.u)).toEqual(unitIds);
  });

  it('serves the seat map fresh on every read: no cache hides a change', async () => {
    const [first] = await seatIds(seatedId);
    const read = async () =>
      ((await t.app.inject({ method: 'GET', url: `/api/sessions/${seatedId}/seats` })).json().seats as SeatState[])[0]!.state;
    expect(await read()).toBe('free');
    // Written without a notification: the read must not depend on hearing about it.
    await t.deps.database.db.execute(
      sql`update inventory_unit set state = 'sold', order_id = ${randomUUID()} where id = ${first!}`,
    );
    expect(await read()).toBe('sold');
    await changeSeats(t.deps.database.db, seatedId, [first!], 'free');
    expect(await read()).toBe('free');
  });

  it('keeps idle streams alive with heartbeat comments', async () => {
    const stream = await open(seatedId);
    await stream.next('snapshot');
    const deadline = Date.now() + 10_000;
    while (!stream.comments.includes('heartbeat') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(stream.comments).toContain('heartbeat');
    stream.close();
  });

  it('answers 404 for an unknown session and 400 for a malformed id, opening no stream', async () => {
    const unknown = await open(randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/json');
    const malformed = await t.app.inject({ method: 'GET', url: '/api/sessions/12/events' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('VALIDATION_FAILED');
    await waitForClients(t.app, 0);
  });

  it('counts open streams, forgets disconnected ones, and refuses past SSE_MAX_CLIENTS with 503', async () => {
    await waitForClients(t.app, 0);
    const opened: EventStream[] = [];
    for (let i = 0; i < LIMIT; i += 1) {
      const stream = await open(i % 2 === 0 ? seatedId : tieredId);
      await stream.next('snapshot');
      opened.push(stream);
    }
    expect(await sseClients(t.app)).toBe(LIMIT);

    const refused = await fetch(`${baseUrl}/api/sessions/${seatedId}/events`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect((await refused.json()).error).toMatchObject({ code: 'UNAVAILABLE', details: { limit: LIMIT } });

    opened[0]!.close();
    await waitForClients(t.app, LIMIT - 1);
    const next = await open(seatedId);
    expect((await next.next()).event).toBe('snapshot');

    for (const stream of [...opened, next]) stream.close();
    await waitForClients(t.app, 0);
  });

  it('describes the stream in the OpenAPI spec', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const operation = spec.paths['/api/sessions/{id}/events'].get;
    expect(Object.keys(operation.responses['200'].content)).toEqual(['text/event-stream']);
    expect(operation.description).toContain('snapshot');
  });
});
