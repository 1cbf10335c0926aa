import type pg from 'pg';
import type { ConfirmedHold } from './load.js';

/** Where the orders module keeps orders and their items, found from the catalogue (see `findOrderTables`). */
export interface OrderTables {
  orders: string;
  items: string;
}

export interface InvariantCheck {
  name: string;
  ok: boolean;
  /** What was found: counts, or the first offending rows. */
  found: unknown;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The orders tables, wherever the orders module put them: the item table is the one with `order_id`
 * and `unit_id` columns, the order table the one its `order_id` foreign key points at. Null while the
 * orders module has no migration yet.
 */
export async function findOrderTables(pool: pg.Pool): Promise<OrderTables | null> {
  const { rows } = await pool.query<{ items: string; orders: string }>(
    `select ci.relname as items, co.relname as orders
     from pg_constraint c
     join pg_class ci on ci.oid = c.conrelid
     join pg_class co on co.oid = c.confrelid
     join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.contype = 'f' and cardinality(c.conkey) = 1 and a.attname = 'order_id'
       and exists (select 1 from pg_attribute u where u.attrelid = ci.oid and u.attname = 'unit_id' and not u.attisdropped)
       and exists (select 1 from pg_attribute s where s.attrelid = co.oid and s.attname = 'session_id' and not s.attisdropped)
       and exists (select 1 from pg_attribute s where s.attrelid = co.oid and s.attname = 'status' and not s.attisdropped)
       and ci.relnamespace = 'public'::regnamespace
     order by ci.relname
     limit 1`,
  );
  const row = rows[0];
  return row ? { orders: quote(row.orders), items: quote(row.items) } : null;
}

async function count(pool: pg.Pool, text: string, params: unknown[]): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(text, params);
  return Number(rows[0]?.n ?? 0);
}

/**
 * The sale's invariants, read straight from the database after a round (no request in flight):
 * - a unit belongs to at most one live order, and every item of a live order points at a unit that
 *   order holds (no double sale, holds are all-or-nothing);
 * - held + sold ≤ capacity, per session and per tier;
 * - every held or sold unit's order exists, pending for a held unit, paid for a sold one;
 * - the units held equal the items of pending orders;
 * - every 201 the clients were given is a pending order in the database holding exactly the units
 *   its answer listed.
 */
export async function checkInvariants(
  pool: pg.Pool,
  tables: OrderTables | null,
  sessionId: string,
  confirmed: ConfirmedHold[],
): Promise<InvariantCheck[]> {
  const checks: InvariantCheck[] = [];
  const { rows: capacity } = await pool.query<{ scope: string; capacity: number; taken: number }>(
    `select 'session' as scope, count(*)::int as capacity,
            count(*) filter (where state in ('held', 'sold'))::int as taken
     from inventory_unit where session_id = $1
     union all
     select 'tier ' || t.name, t.capacity,
            (select count(*)::int from inventory_unit u where u.tier_id = t.id and u.state in ('held', 'sold'))
     from session_tier t where t.session_id = $1`,
    [sessionId],
  );
  const tierUnits = await count(
    pool,
    `select count(*) as n from session_tier t
     where t.session_id = $1 and (select count(*) from inventory_unit u where u.tier_id = t.id) > t.capacity`,
    [sessionId],
  );
  checks.push({
    name: 'held + sold ≤ capacity (session and each tier; no tier has more units than its capacity)',
    ok: capacity.every((row) => row.taken <= row.capacity) && tierUnits === 0,
    found: capacity,
  });
  if (!tables) {
    checks.push({ name: 'orders tables present', ok: false, found: 'no table with order_id and unit_id found' });
    return checks;
  }
  const { orders, items } = tables;

  const doubled = await pool.query(
    `select i.unit_id, count(*)::int as orders from ${items} i join ${orders} o on o.id = i.order_id
     where o.session_id = $1 and o.status in ('pending', 'paid')
     group by i.unit_id having count(*) > 1 limit 5`,
    [sessionId],
  );
  checks.push({ name: 'no unit is an item of two live orders', ok: doubled.rowCount === 0, found: doubled.rows });

  const strayItems = await pool.query(
    `select i.order_id, o.status, i.unit_id, u.state, u.order_id as unit_order_id
     from ${items} i join ${orders} o on o.id = i.order_id join inventory_unit u on u.id = i.unit_id
     where o.session_id = $1 and o.status in ('pending', 'paid')
       and (u.order_id is distinct from i.order_id
            or (o.status = 'pending' and u.state <> 'held') or (o.status = 'paid' and u.state <> 'sold'))
     limit 5`,
    [sessionId],
  );
  checks.push({
    name: 'every item of a live order points at a unit held (pending) or sold (paid) by that order',
    ok: strayItems.rowCount === 0,
    found: strayItems.rows,
  });

  const orphanUnits = await pool.query(
    `select u.id, u.state, u.order_id, o.status
     from inventory_unit u left join ${orders} o on o.id = u.order_id
     where u.session_id = $1 and u.state in ('held', 'sold')
       and (o.id is null or (u.state = 'held' and o.status <> 'pending') or (u.state = 'sold' and o.status <> 'paid'))
     limit 5`,
    [sessionId],
  );
  checks.push({
    name: "every held/sold unit's order exists with the matching status (held → pending, sold → paid)",
    ok: orphanUnits.rowCount === 0,
    found: orphanUnits.rows,
  });

  const { rows: balance } = await pool.query<{ held: number; pending_items: number }>(
    `select (select count(*)::int from inventory_unit where session_id = $1 and state = 'held') as held,
            (select count(*)::int from ${items} i join ${orders} o on o.id = i.order_id
             where o.session_id = $1 and o.status = 'pending') as pending_items`,
    [sessionId],
  );
  checks.push({
    name: 'units held = items of pending orders',
    ok: balance[0]!.held === balance[0]!.pending_items,
    found: balance[0],
  });

  const { rows: counted } = await pool.query(
    `select o.id, o.status, o.ticket_count, count(i.unit_id)::int as items
     from ${orders} o left join ${items} i on i.order_id = o.id
     where o.session_id = $1 group by o.id having o.ticket_count <> count(i.unit_id) limit 5`,
    [sessionId],
  );
  checks.push({ name: "every order's ticket count equals its items", ok: counted.length === 0, found: counted });

  const { rows: liveColumn } = await pool.query(
    `select 1 from pg_attribute where attrelid = $1::regclass and attname = 'live' and not attisdropped`,
    [items],
  );
  if (liveColumn.length > 0) {
    const { rows: liveness } = await pool.query(
      `select o.id, o.status, i.unit_id, i.live from ${items} i join ${orders} o on o.id = i.order_id
       where o.session_id = $1 and i.live <> (o.status in ('pending', 'paid')) limit 5`,
      [sessionId],
    );
    checks.push({ name: 'an item is live exactly while its order is pending or paid', ok: liveness.length === 0, found: liveness });
  }

  const { rows: lost } = await pool.query<{ order_id: string; problem: string }>(
    `with told as (
       select (c->>'orderId')::uuid as order_id, array(select jsonb_array_elements_text(c->'unitIds'))::uuid[] as units
       from jsonb_array_elements($2::jsonb) c
     )
     select t.order_id, case when o.id is null then 'missing' when o.status <> 'pending' then 'status ' || o.status
                             else 'units differ' end as problem
     from told t left join ${orders} o on o.id = t.order_id
     where o.id is null or o.status <> 'pending' or o.session_id <> $1
        or cardinality(t.units) = 0
        or (select count(*) from inventory_unit u where u.id = any(t.units) and u.order_id = t.order_id and u.state = 'held')
           <> cardinality(t.units)
        or (select count(*) from ${items} i where i.order_id = t.order_id) <> cardinality(t.units)
     limit 5`,
    [sessionId, JSON.stringify(confirmed)],
  );
  checks.push({
    name: `every 201 the clients got (${confirmed.length}) is a pending order holding exactly the units it listed`,
    ok: lost.length === 0,
    found: lost,
  });
  return checks;
}

/**
 * A new sale on the same inventory: the bench's orders go and every unit is free again. Run only
 * between rounds, when no request is in flight, after the round's invariants were checked.
 */
export async function resetSale(pool: pg.Pool, tables: OrderTables | null): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    if (tables) await client.query(`truncate ${tables.items}, ${tables.orders} cascade`);
    await client.query(
      `update inventory_unit set state = 'free', order_id = null, held_until = null where state in ('held', 'sold')`,
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}
