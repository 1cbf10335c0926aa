import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { queryPrepared, queryRows, type Db } from '../../../db/client.js';

/**
 * The SQL of holding and releasing units. Every statement that waits for row locks takes them in
 * ascending id order (a sorted `for update` under the statement), so two holds, a cancel and the
 * sweeper can queue on each other's units but never deadlock.
 */

/**
 * A statement of the caller's (orders': the customer's lock) that must run before anything here is
 * locked, in the same round trip: it becomes a `gate` CTE that the locking query waits on.
 */
export type Gate = SQL | undefined;

/** `with gate as (...)`, opening a statement's CTEs (`more` says whether others follow). */
const withGate = (gate: Gate, more: boolean) =>
  gate ? sql`with gate as materialized (${gate})${more ? sql`,` : sql``}` : more ? sql`with` : sql``;
/** A condition without columns: the planner checks it once, before the scan returns (or locks) a row. */
const afterGate = (gate: Gate) => (gate ? sql`and (select count(*) from gate) > 0` : sql``);

/** A unit whose hold has passed counts as free (expiry is lazy). */
const isAvailable = (now: Date) => sql`(state = 'free' or (state = 'held' and held_until <= ${now.toISOString()}))`;

/** A seat as the seating rules and the hold see it. */
export interface SeatRow {
  id: string;
  row: number;
  col: number;
  label: string | null;
  type: string | null;
  category: string | null;
  price: string | number;
  /** Held by an unexpired hold, sold or blocked. */
  taken: boolean;
}

const seatColumns = (now: Date) => sql`id, seat_row as "row", seat_col as "col", label, seat_type as "type", category,
  price, not ${isAvailable(now)} as taken`;

/**
 * The requested seats of a session, plus every other seat of the rows they sit in (for the orphan
 * rule), read as they are now. With `lock`, the requested seats are locked in id order (a `for update`
 * waits for a concurrent hold of them and reads its result); the rest of the rows are never locked.
 * Ids that are no seat of the session are absent.
 */
export async function readSeatsWithRows(
  db: Db,
  sessionId: string,
  seatIds: readonly string[],
  now: Date,
  options: { lock: boolean; gate?: Gate },
) {
  return queryPrepared<SeatRow & { requested: boolean; blocked: boolean }>(
    db,
    sql`
    ${withGate(options.gate, true)} requested as materialized (
      select id, seat_row, seat_col, label, seat_type, category, price, state, held_until
      from inventory_unit
      where session_id = ${sessionId} and id = any(${sql.param(seatIds)}::uuid[]) and seat_key is not null
        ${afterGate(options.gate)}
      order by id
      ${options.lock ? sql`for update` : sql``}
    )
    select ${seatColumns(now)}, true as requested, state = 'blocked' as blocked from requested
    union all
    select ${seatColumns(now)}, false as requested, false as blocked
    from inventory_unit
    where session_id = ${sessionId} and seat_key is not null
      and seat_row = any(array(select seat_row from requested)) and id <> all(${sql.param(seatIds)}::uuid[])
    order by "row", "col"`,
  );
}

/**
 * Every seat of a session in hall order (front row first, left to right), unlocked, each with the size
 * of the session's grid (read beside the units, as the seat map does: best available's sweet spot
 * depends on it).
 */
export async function readSeats(db: Db, sessionId: string, now: Date, gate: Gate) {
  return queryRows<SeatRow & { grid_rows: number; grid_cols: number }>(
    db,
    sql`${withGate(gate, false)}
        select ${seatColumns(now)},
          (select seat_rows from session where id = ${sessionId}) as grid_rows,
          (select seat_cols from session where id = ${sessionId}) as grid_cols
        from inventory_unit
        where session_id = ${sessionId} and seat_key is not null ${afterGate(gate)}
        order by seat_row, seat_col`,
  );
}

/**
 * Locks those of the given seats that nobody else has locked, in id order, and reads them as they are
 * now; seats locked by another transaction are left out rather than waited for.
 */
export async function lockSeatsUnlessLocked(
  db: Db,
  sessionId: string,
  seatIds: readonly string[],
  now: Date,
): Promise<SeatRow[]> {
  return queryRows<SeatRow>(
    db,
    sql`select ${seatColumns(now)} from inventory_unit
        where session_id = ${sessionId} and id = any(${sql.param(seatIds)}::uuid[]) and seat_key is not null
        order by id
        for update skip locked`,
  );
}

export interface PoolUnitRow {
  id: string;
  price: string | number;
}

/**
 * Up to `quantity` places of a pool that are free, or held by a hold that has passed, locked; places
 * another transaction has locked are skipped, so buyers of one pool never queue behind each other.
 * Free places come first, taken in id order from a random point of the pool on (wrapping round to its
 * start), so concurrent buyers land apart (see migration 0014); lapsed holds only make up a shortfall.
 */
export async function lockPoolUnits(
  db: Db,
  sessionId: string,
  tierId: string,
  quantity: number,
  now: Date,
  gate: Gate,
): Promise<PoolUnitRow[]> {
  const pivot = randomUUID();
  const free = await queryPrepared<PoolUnitRow>(
    db,
    sql`${withGate(gate, true)} onward as materialized (
          select id, price from inventory_unit
          where session_id = ${sessionId} and tier_id = ${tierId} and state = 'free' and id >= ${pivot}
            ${afterGate(gate)}
          order by id
          limit ${quantity}
          for update skip locked
        ), before as materialized (
          select id, price from inventory_unit
          where session_id = ${sessionId} and tier_id = ${tierId} and state = 'free' and id < ${pivot}
          order by id
          limit (${quantity}::int - (select count(*) from onward))
          for update skip locked
        )
        select id, price from onward union all select id, price from before`,
  );
  if (free.length >= quantity) return free;
  const lapsed = await queryRows<PoolUnitRow>(
    db,
    sql`select id, price from inventory_unit
        where session_id = ${sessionId} and tier_id = ${tierId} and state = 'held'
          and held_until <= ${now.toISOString()}
        limit ${quantity - free.length}
        for update skip locked`,
  );
  return [...free, ...lapsed];
}

export interface HoldUnitsInput {
  sessionId: string;
  unitIds: readonly string[];
  orderId: string;
  heldUntil: Date;
  now: Date;
}

/**
 * The compare-and-set that marks units held by an order, as a statement another module embeds in a
 * `with` clause: only units still free (or lapsed) change, and `onlyIf` (a condition on the rest of
 * that statement) can veto the whole hold. Returns the ids it held.
 */
export function holdUnitsSql(input: HoldUnitsInput, onlyIf: SQL): SQL {
  return sql`
    update inventory_unit
    set state = 'held', order_id = ${input.orderId}, held_until = ${input.heldUntil.toISOString()},
        updated_at = ${input.now.toISOString()}
    where session_id = ${input.sessionId} and id = any(${sql.param(input.unitIds)}::uuid[])
      and ${isAvailable(input.now)} and ${onlyIf}
    returning id`;
}

export interface ReleasedUnit {
  id: string;
  session_id: string;
}

/**
 * Frees the units the given orders still hold (a unit a newer order took over is not theirs any more),
 * in id order. `skipLocked` leaves units another transaction has locked: it is taking them over.
 */
export async function releaseHeldUnits(
  db: Db,
  orderIds: readonly string[],
  now: Date,
  skipLocked: boolean,
): Promise<ReleasedUnit[]> {
  return queryRows<ReleasedUnit>(
    db,
    sql`
    with locked as materialized (
      select id from inventory_unit
      where order_id = any(${sql.param(orderIds)}::uuid[]) and state = 'held'
      order by id
      for update ${skipLocked ? sql`skip locked` : sql``}
    )
    update inventory_unit u
    set state = 'free', order_id = null, held_until = null, updated_at = ${now.toISOString()}
    from locked
    where u.id = locked.id
    returning u.id, u.session_id`,
  );
}

/**
 * The live-feed lock of each session, in one order for everyone, held until the transaction ends: two
 * processes publishing changes of one session take turns.
 */
export async function lockFeeds(db: Db, sessionIds: readonly string[]): Promise<void> {
  await db.execute(
    sql`select count(pg_advisory_xact_lock(k)) from (
          select distinct hashtextextended('seat-feed:' || s, 0) as k from unnest(${sql.param(sessionIds)}::text[]) as s
          order by k
        ) as keys`,
  );
}

/** The units' states as a seat map shows them now: a lapsed hold is free. */
export async function readUnitStates(db: Db, unitIds: readonly string[], now: Date) {
  return queryRows<{ id: string; session_id: string; state: 'free' | 'held' | 'sold' | 'blocked' }>(
    db,
    sql`select id, session_id,
          case when state = 'held' and held_until <= ${now.toISOString()} then 'free' else state end as state
        from inventory_unit where id = any(${sql.param(unitIds)}::uuid[])`,
  );
}

/**
 * Moves the hold of an order's units to `until` (a payment has started), locking them in id order so
 * it never deadlocks with a hold queuing on the same seats. Answers the ids changed.
 */
export async function extendHeldUnits(db: Db, orderId: string, until: Date, now: Date): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    with locked as materialized (
      select id from inventory_unit where order_id = ${orderId} and state = 'held'
      order by id
      for update
    )
    update inventory_unit u set held_until = ${until.toISOString()}, updated_at = ${now.toISOString()}
    from locked where u.id = locked.id
    returning u.id`,
  );
  return rows.map((row) => row.id);
}

export interface UnitForSale {
  id: string;
  session_id: string;
  state: 'free' | 'held' | 'sold' | 'blocked';
  order_id: string | null;
  held_until: Date | string | null;
}

/** The given units, locked in id order, as they are now. */
export async function lockUnits(db: Db, unitIds: readonly string[]): Promise<UnitForSale[]> {
  return queryRows<UnitForSale>(
    db,
    sql`select id, session_id, state, order_id, held_until from inventory_unit
        where id = any(${sql.param(unitIds)}::uuid[])
        order by id
        for update`,
  );
}

/**
 * held (by this order, lapsed or not) | free | held by a lapsed hold → sold to the order, compare-and-set:
 * a paid order owns its places. Answers the ids sold.
 */
export async function sellUnits(db: Db, orderId: string, unitIds: readonly string[], now: Date): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update inventory_unit set state = 'sold', order_id = ${orderId}, held_until = null, updated_at = ${now.toISOString()}
        where id = any(${sql.param(unitIds)}::uuid[])
          and ((state = 'held' and order_id = ${orderId}) or ${isAvailable(now)})
        returning id`,
  );
  return rows.map((row) => row.id);
}

/** sold (to this order) → free, in id order, compare-and-set: a refunded place goes back on sale once. */
export async function freeSoldUnits(db: Db, orderId: string, unitIds: readonly string[], now: Date): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    with locked as materialized (
      select id from inventory_unit
      where id = any(${sql.param(unitIds)}::uuid[]) and order_id = ${orderId} and state = 'sold'
      order by id
      for update
    )
    update inventory_unit u set state = 'free', order_id = null, held_until = null, updated_at = ${now.toISOString()}
    from locked where u.id = locked.id and u.state = 'sold'
    returning u.id`,
  );
  return rows.map((row) => row.id);
}
