import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';

/** One seat of a session, copied from the hall's map, with its base price. */
export interface SeatUnitSpec {
  seatKey: string;
  row: number;
  col: number;
  label: string | null;
  type: string | null;
  category: string;
  section: string | null;
  price: number;
}

/** A pool of `capacity` interchangeable places: a price tier, or a day slot's entry places. */
export interface PoolUnitSpec {
  sessionId: string;
  tierId: string;
  capacity: number;
  price: number;
}

/** A held unit whose hold has passed counts as free (expiry is lazy). */
const availableWhen = (now: Date) =>
  sql`(u.state = 'free' or (u.state = 'held' and u.held_until <= ${now.toISOString()}))`;

/** All seats of a session in one statement: the seats travel as one JSON parameter. */
export async function insertSeatUnits(db: Db, sessionId: string, seats: readonly SeatUnitSpec[]): Promise<void> {
  if (seats.length === 0) return;
  const rows = seats.map((seat) => ({
    seat_key: seat.seatKey,
    seat_row: seat.row,
    seat_col: seat.col,
    label: seat.label,
    seat_type: seat.type,
    category: seat.category,
    section: seat.section,
    price: seat.price,
  }));
  await db.execute(sql`
    insert into inventory_unit (session_id, seat_key, seat_row, seat_col, label, seat_type, category, section, price)
    select ${sessionId}, s.seat_key, s.seat_row, s.seat_col, s.label, s.seat_type, s.category, s.section, s.price
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as s(seat_key text, seat_row integer, seat_col integer, label text, seat_type text, category text,
           section text, price bigint)`);
}

/** All places of the given pools in one statement, generated in the database. */
export async function insertPoolUnits(db: Db, pools: readonly PoolUnitSpec[]): Promise<void> {
  if (pools.length === 0) return;
  const rows = pools.map((pool) => ({
    session_id: pool.sessionId,
    tier_id: pool.tierId,
    capacity: pool.capacity,
    price: pool.price,
  }));
  await db.execute(sql`
    insert into inventory_unit (session_id, tier_id, price)
    select p.session_id, p.tier_id, p.price
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as p(session_id uuid, tier_id uuid, capacity integer, price bigint)
    cross join lateral generate_series(1, p.capacity)`);
}

export async function updateSeatPrices(
  db: Db,
  sessionId: string,
  prices: readonly { category: string; price: number }[],
  now: Date,
): Promise<void> {
  await db.execute(sql`
    update inventory_unit u set price = p.price, updated_at = ${now.toISOString()}
    from jsonb_to_recordset(${JSON.stringify(prices)}::jsonb) as p(category text, price bigint)
    where u.session_id = ${sessionId} and u.seat_key is not null and u.category = p.category
      and u.price <> p.price`);
}

export async function updatePoolPrices(
  db: Db,
  sessionId: string,
  prices: readonly { tierId: string; price: number }[],
  now: Date,
): Promise<void> {
  const rows = prices.map((price) => ({ tier_id: price.tierId, price: price.price }));
  await db.execute(sql`
    update inventory_unit u set price = p.price, updated_at = ${now.toISOString()}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as p(tier_id uuid, price bigint)
    where u.session_id = ${sessionId} and u.tier_id = p.tier_id and u.price <> p.price`);
}

/**
 * Takes every unit of a session off sale and answers the ids that changed. Holds end (their orders
 * can no longer be paid); sold units keep their order, so refunding it can tell them apart, but never
 * return to sale.
 */
export async function blockUnits(db: Db, sessionId: string, now: Date): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    update inventory_unit set state = 'blocked', held_until = null, updated_at = ${now.toISOString()}
    where session_id = ${sessionId} and state <> 'blocked'
    returning id::text as id`,
  );
  return rows.map((row) => row.id);
}

export interface AvailabilityRow {
  session_id: string;
  tier_id: string | null;
  category: string | null;
  total: number;
  available: number;
}

/** Places and free places per session and pool (tier, or seat category for seated sessions). */
export async function countAvailability(db: Db, sessionIds: readonly string[], now: Date): Promise<AvailabilityRow[]> {
  if (sessionIds.length === 0) return [];
  return queryRows<AvailabilityRow>(
    db,
    sql`
    select u.session_id::text as session_id, u.tier_id::text as tier_id, u.category,
           count(*)::int as total, (count(*) filter (where ${availableWhen(now)}))::int as available
    from inventory_unit u
    where u.session_id = any(${sql.param(sessionIds)}::uuid[])
    group by u.session_id, u.tier_id, u.category`,
  );
}

export interface SeatLayoutRow {
  mode: string;
  seat_rows: number | null;
  seat_cols: number | null;
  seats: unknown;
}

/**
 * A session's mode and grid with every seat's fixed fields (no states). Seats are copied into units
 * when the session is created and never change after, so callers may keep this answer.
 */
export async function findSeatLayout(db: Db, sessionId: string): Promise<SeatLayoutRow | null> {
  const [row] = await queryRows<SeatLayoutRow>(
    db,
    sql`
    select s.mode, s.seat_rows, s.seat_cols,
      coalesce((
        select json_agg(json_build_object(
          'id', u.id, 'row', u.seat_row, 'col', u.seat_col, 'label', u.label, 'type', u.seat_type,
          'category', u.category, 'section', u.section
        ) order by u.seat_row, u.seat_col)
        from inventory_unit u where u.session_id = s.id and u.seat_key is not null
      ), '[]'::json) as seats
    from session s
    where s.id = ${sessionId}`,
  );
  return row ?? null;
}

/**
 * The seats of a session that are not available now, with their state: the live half of the seat
 * map, and the only query a map read makes once the layout is known. Lapsed holds are left out.
 */
export async function listTakenSeats(
  db: Db,
  sessionId: string,
  now: Date,
): Promise<{ id: string; state: 'held' | 'sold' | 'blocked' }[]> {
  return queryRows(
    db,
    sql`
    select u.id::text as id, u.state from inventory_unit u
    where u.session_id = ${sessionId} and u.tier_id is null and u.state <> 'free' and not ${availableWhen(now)}`,
  );
}
