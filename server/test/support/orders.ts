import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { AppDeps } from '../../src/app.js';
import { queryRows } from '../../src/db/client.js';
import { seatChangePublisher } from '../../src/modules/inventory/index.js';
import { expireDueOrders } from '../../src/modules/orders/index.js';
import { createActor, type TestActor } from './actors.js';
import type { TestApp } from './app.js';
import { postSession, type SchedulingWorld } from './scheduling.js';
import { createTestHall } from './venues.js';

export interface SeatAnswer {
  id: string;
  row: number;
  col: number;
  label: string;
  type: string;
  category: string;
  state: string;
}

export interface SeatedSession {
  id: string;
  seats: SeatAnswer[];
  /** The seat at row and column (both from 1); throws when there is none. */
  at(row: number, col: number): SeatAnswer;
}

export interface PoolSession {
  id: string;
  tiers: { id: string; name: string; capacity: number }[];
}

const startsUsed = new WeakMap<TestApp, number>();

/**
 * A start time no earlier session of this app's halls has taken: three hours apart (a two-hour movie
 * and the cleaning buffer), six a day through December, when the world's movie is licensed.
 */
export function nextStart(t: TestApp): string {
  const n = startsUsed.get(t) ?? 0;
  startsUsed.set(t, n + 1);
  const day = 1 + Math.floor(n / 6);
  if (day > 31) throw new Error('no start times left in December');
  const hour = 6 + 3 * (n % 6);
  return `2026-12-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;
}

async function created(response: { statusCode: number; body: string; json(): unknown }) {
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; tiers: { id: string; name: string; capacity: number }[] };
}

export async function seatsOf(t: TestApp, sessionId: string): Promise<SeatAnswer[]> {
  const response = await t.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}/seats` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().seats;
}

/**
 * A seated movie session on sale now, in the world's hall (standard seats 4500, vip 6500) or, with
 * `seatMap`, in a new hall of that map (standard seats 4500), unless `prices` says otherwise.
 */
export async function createSeatedSession(
  t: TestApp,
  world: SchedulingWorld,
  options: {
    seatMap?: object;
    policy?: Record<string, unknown>;
    ticketTypes?: object[];
    prices?: { category: string; price: number }[];
  } = {},
): Promise<SeatedSession> {
  const hallId = options.seatMap
    ? (await createTestHall(t, world.merchant, { seatMap: options.seatMap })).id
    : world.hallId;
  const session = await created(
    await postSession(t, world.owner, {
      productionId: world.movie.id,
      mode: 'seated',
      hallId,
      startsAt: nextStart(t),
      prices:
        options.prices ??
        (options.seatMap
          ? [{ category: 'standard', price: 4500 }]
          : [
              { category: 'standard', price: 4500 },
              { category: 'vip', price: 6500 },
            ]),
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.ticketTypes ? { ticketTypes: options.ticketTypes } : {}),
    }),
  );
  const seats = await seatsOf(t, session.id);
  return {
    id: session.id,
    seats,
    at(row, col) {
      const seat = seats.find((candidate) => candidate.row === row && candidate.col === col);
      if (!seat) throw new Error(`no seat at row ${row}, column ${col}`);
      return seat;
    },
  };
}

/** A tiered performance session on sale now: VIP 88000 × 5 and Stalls 28000 × 20 unless told. */
export async function createTieredSession(
  t: TestApp,
  world: SchedulingWorld,
  options: { tiers?: { name: string; price: number; capacity: number }[]; policy?: object; ticketTypes?: object[] } = {},
): Promise<PoolSession> {
  const session = await created(
    await postSession(t, world.owner, {
      productionId: world.show.id,
      mode: 'tiered',
      venueId: world.venueId,
      startsAt: nextStart(t),
      tiers: options.tiers ?? [
        { name: 'VIP', price: 88000, capacity: 5 },
        { name: 'Stalls', price: 28000, capacity: 20 },
      ],
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.ticketTypes ? { ticketTypes: options.ticketTypes } : {}),
    }),
  );
  return { id: session.id, tiers: session.tiers };
}

/** A timed-entry exhibition session on sale now: adult 6000, student 3000, `capacity` places (30). */
export async function createTimedEntrySession(
  t: TestApp,
  world: SchedulingWorld,
  options: { capacity?: number; policy?: object } = {},
): Promise<PoolSession> {
  const session = await created(
    await postSession(t, world.owner, {
      productionId: world.exhibition.id,
      mode: 'timed-entry',
      venueId: world.venueId,
      startsAt: nextStart(t),
      capacity: options.capacity ?? 30,
      ticketTypes: [
        { type: 'adult', price: 6000 },
        { type: 'student', price: 3000 },
      ],
      ...(options.policy ? { policy: options.policy } : {}),
    }),
  );
  return { id: session.id, tiers: session.tiers };
}

export const customer = (t: TestApp): Promise<TestActor> => createActor(t, 'customer');

export const postOrder = (t: TestApp, actor: TestActor, body: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/orders', headers: { ...actor.headers, ...headers }, payload: body });

/** Places an order that must succeed and answers it. */
export async function holdOrder(t: TestApp, actor: TestActor, body: object) {
  const response = await postOrder(t, actor, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

export interface UnitRow {
  id: string;
  state: string;
  order_id: string | null;
  held_until: Date | string | null;
}

/** Every unit of a session as stored. */
export async function unitsOf(t: TestApp, sessionId: string): Promise<UnitRow[]> {
  return queryRows<UnitRow>(
    t.deps.database.db,
    sql`select id, state, order_id, held_until from inventory_unit where session_id = ${sessionId} order by id`,
  );
}

export interface StoredOrder {
  id: string;
  user_id: string;
  status: string;
  ticket_count: number;
  total_amount: number;
  live_items: number;
}

/** Every order of a session as stored, with its live item count. */
export async function ordersOf(t: TestApp, sessionId: string): Promise<StoredOrder[]> {
  return queryRows<StoredOrder>(
    t.deps.database.db,
    sql`select o.id, o.user_id, o.status, o.ticket_count, o.total_amount::int as total_amount,
               (select count(*) from order_item i where i.order_id = o.id and i.live)::int as live_items
        from customer_order o where o.session_id = ${sessionId} order by o.created_at, o.id`,
  );
}

/** Row counts of the orders tables, to show that a refused request wrote nothing. */
export async function orderCounts(t: TestApp): Promise<{ orders: number; items: number; held: number }> {
  const [row] = await queryRows<{ orders: number; items: number; held: number }>(
    t.deps.database.db,
    sql`select (select count(*) from customer_order)::int as orders,
               (select count(*) from order_item)::int as items,
               (select count(*) from inventory_unit where state = 'held')::int as held`,
  );
  return row!;
}

export interface InventoryReport {
  /** Units named by more than one live item of a live order (pending within its hold, or paid). */
  unitsInTwoOrders: string[];
  /** Units held (hold not lapsed) without a pending order of theirs that has a live item for them. */
  heldWithoutOrder: string[];
  /** Live items of pending (unlapsed) orders whose unit is not held by that order. */
  itemsWithoutUnit: string[];
  held: number;
  sold: number;
  capacity: number;
}

/** The invariants of one session's inventory and orders, as stored: every list empty when they hold. */
export async function inventoryReport(t: TestApp, sessionId: string): Promise<InventoryReport> {
  const db = t.deps.database.db;
  const now = t.clock.now().toISOString();
  const ids = async (query: ReturnType<typeof sql>) => (await queryRows<{ id: string }>(db, query)).map((row) => row.id);
  const unitsInTwoOrders = await ids(sql`
    select i.unit_id as id from order_item i join customer_order o on o.id = i.order_id
    where i.session_id = ${sessionId} and i.live
      and (o.status in ('paid', 'completed', 'partially-refunded') or (o.status = 'pending' and o.expires_at > ${now}))
    group by i.unit_id having count(*) > 1`);
  const heldWithoutOrder = await ids(sql`
    select u.id from inventory_unit u
    where u.session_id = ${sessionId} and u.state = 'held' and u.held_until > ${now}
      and not exists (
        select 1 from customer_order o join order_item i on i.order_id = o.id and i.unit_id = u.id and i.live
        where o.id = u.order_id and o.status = 'pending' and o.session_id = u.session_id)`);
  const itemsWithoutUnit = await ids(sql`
    select i.unit_id as id from order_item i join customer_order o on o.id = i.order_id
    where o.session_id = ${sessionId} and o.status = 'pending' and o.expires_at > ${now} and i.live
      and not exists (select 1 from inventory_unit u where u.id = i.unit_id and u.order_id = o.id and u.state = 'held')`);
  const [counts] = await queryRows<{ held: number; sold: number; capacity: number }>(
    db,
    sql`select (count(*) filter (where state = 'held' and held_until > ${now}))::int as held,
               (count(*) filter (where state = 'sold'))::int as sold, count(*)::int as capacity
        from inventory_unit where session_id = ${sessionId}`,
  );
  return { unitsInTwoOrders, heldWithoutOrder, itemsWithoutUnit, ...counts! };
}

/** The report of a sound session: no unit twice, no hold without its order, nothing over capacity. */
export function expectSound(report: InventoryReport, held?: number): void {
  expect(report.unitsInTwoOrders).toEqual([]);
  expect(report.heldWithoutOrder).toEqual([]);
  expect(report.itemsWithoutUnit).toEqual([]);
  expect(report.held + report.sold).toBeLessThanOrEqual(report.capacity);
  if (held !== undefined) expect(report.held).toBe(held);
}

/** Status codes of many answers, counted: `{201: 1, 409: 99}`. */
export function statusCounts(responses: readonly { statusCode: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.statusCode] = (counts[response.statusCode] ?? 0) + 1;
  return counts;
}

/** `count` customers with tokens, made in parallel. */
export async function customers(t: TestApp, count: number): Promise<TestActor[]> {
  return Promise.all(Array.from({ length: count }, () => customer(t)));
}

/** One run of the expiry sweeper against an app's database, as a serving process runs it. */
export async function sweep(
  target: { deps: Pick<AppDeps, 'database' | 'clock' | 'logger'> },
  options: { batchSize?: number } = {},
): Promise<number> {
  const { database, clock, logger } = target.deps;
  const publisher = seatChangePublisher(database.db, clock, logger);
  try {
    return await expireDueOrders(database.db, clock, { publisher, ...options });
  } finally {
    await publisher.close();
  }
}
