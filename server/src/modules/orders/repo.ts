import { sql, type SQL } from 'drizzle-orm';
import { queryPrepared, queryRows, type Db } from '../../db/client.js';
import { containsPattern } from '../../db/like.js';
import type { OrderStatus } from './rules.js';

/**
 * SQL of the orders tables. The read side (a customer's list and order page) joins the session,
 * production, venue and hall tables read-only, like browsing does: one query per page. Writes to
 * inventory units go through the inventory module's statements.
 */

const iso = (at: Date) => at.toISOString();

/** Orders that hold or own their places: they count toward the per-customer rules. */
const liveOrder = (now: Date) => sql`(o.status in ('paid', 'completed', 'partially-refunded')
  or (o.status = 'pending' and o.expires_at > ${iso(now)}))`;

/**
 * How long a hold (or a pass booking) waits for any one lock (a seat another buyer is holding right
 * now, the customer's own other order) before giving up with HOLD_BUSY: waits are normally a few ms.
 */
const HOLD_LOCK_TIMEOUT = '3s';

/**
 * The start of a hold, as a statement the inventory runs ahead of its first lock (see its `Gate`):
 * bounds how long this transaction waits for any lock, and takes the customer's lock for the session,
 * so two orders of one customer for one session run one after the other and the second counts the first.
 */
export function customerGate(userId: string, sessionId: string): SQL {
  return sql`select set_config('lock_timeout', ${HOLD_LOCK_TIMEOUT}, true) as lock_timeout,
    pg_advisory_xact_lock(hashtextextended(${`order-holder:${userId}:${sessionId}`}, 0)) as holder`;
}

/** Runs the gate on its own, when the hold reads something else before its first unit lock. */
export async function runGate(db: Db, gate: SQL): Promise<void> {
  await db.execute(gate);
}

export interface NewItem {
  unit_id: string;
  position: number;
  tier_id: string | null;
  seat_label: string | null;
  ticket_type: string;
  price: number;
  visitor_id: string | null;
  holder_name: string | null;
  holder_id_type: string | null;
  holder_id_hash: string | null;
  holder_id_masked: string | null;
}

export interface NewOrder {
  id: string;
  userId: string;
  sessionId: string;
  merchantId: string;
  productionId: string;
  currency: string;
  totalAmount: number;
  expiresAt: Date;
  contactName: string | null;
  contactPhone: string | null;
  now: Date;
  items: NewItem[];
  /** The most the customer may already hold (places, live orders) for this order to pass. */
  maxPriorTickets: number;
  maxPriorOrders: number;
}

export interface InsertedHold {
  /** The customer's live orders and places of the session before this one. */
  orders: number;
  tickets: number;
  /** Units this statement marked held: every item's, or none when the per-customer rules refused. */
  held: number;
}

/**
 * Writes a hold in one statement: counts what the customer already holds, inserts the order only when
 * the counts pass, marks the units held (`holdUnits`, the inventory's compare-and-set, vetoed when no
 * order was inserted) and inserts an item for each unit held. Items go in by hashed ID number, so two
 * real-name holds naming the same people check the unique index in the same order.
 */
export async function insertHeldOrder(
  db: Db,
  order: NewOrder,
  holdUnits: (onlyIf: SQL) => SQL,
): Promise<InsertedHold> {
  const now = iso(order.now);
  const [row] = await queryPrepared<InsertedHold>(
    db,
    sql`
    with prior as (
      select count(distinct o.id)::int as orders, count(i.unit_id)::int as tickets
      from customer_order o
      join order_item i on i.order_id = o.id and i.live
      where o.user_id = ${order.userId} and o.session_id = ${order.sessionId} and ${liveOrder(order.now)}
    ), new_order as (
      insert into customer_order (id, user_id, session_id, merchant_id, production_id, currency, total_amount,
        ticket_count, expires_at, contact_name, contact_phone, created_at, updated_at)
      select ${order.id}, ${order.userId}, ${order.sessionId}, ${order.merchantId}, ${order.productionId},
        ${order.currency}, ${order.totalAmount}, ${order.items.length}, ${iso(order.expiresAt)},
        ${order.contactName}, ${order.contactPhone}, ${now}, ${now}
      from prior
      where prior.tickets <= ${order.maxPriorTickets}::bigint and prior.orders <= ${order.maxPriorOrders}::bigint
      returning id
    ), held as (
      ${holdUnits(sql`exists (select 1 from new_order)`)}
    ), items as (
      insert into order_item (order_id, unit_id, session_id, position, tier_id, seat_label, ticket_type, price,
        visitor_id, holder_name, holder_id_type, holder_id_hash, holder_id_masked)
      select ${order.id}, i.unit_id, ${order.sessionId}, i.position, i.tier_id, i.seat_label, i.ticket_type, i.price,
        i.visitor_id, i.holder_name, i.holder_id_type, i.holder_id_hash, i.holder_id_masked
      from jsonb_to_recordset(${JSON.stringify(order.items)}::jsonb) as i(unit_id uuid, position smallint,
        tier_id uuid, seat_label text, ticket_type text, price bigint, visitor_id uuid, holder_name text,
        holder_id_type text, holder_id_hash text, holder_id_masked text)
      join held on held.id = i.unit_id
      order by i.holder_id_hash
      returning 1
    )
    select prior.orders, prior.tickets, (select count(*) from held)::int as held
    from prior`,
  );
  return row!;
}

/**
 * Pending orders of the session whose hold has passed but which still keep live items for these
 * hashed ID numbers, locked: a new real-name hold expires them first, so a lapsed hold never blocks
 * the ID from buying again.
 */
export async function lockLapsedHoldersOf(
  db: Db,
  sessionId: string,
  idHashes: readonly string[],
  now: Date,
): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select o.id from customer_order o
        where o.id in (
          select i.order_id from order_item i
          where i.session_id = ${sessionId} and i.holder_id_hash = any(${sql.param(idHashes)}::text[]) and i.live
        )
        and o.status = 'pending' and o.expires_at <= ${iso(now)}
        order by o.id
        for update`,
  );
  return rows.map((row) => row.id);
}

/** The hashed ID numbers among these that have a live item in the session. */
export async function findLiveHolderHashes(db: Db, sessionId: string, idHashes: readonly string[]): Promise<string[]> {
  const rows = await queryRows<{ hash: string }>(
    db,
    sql`select distinct holder_id_hash as hash from order_item
        where session_id = ${sessionId} and holder_id_hash = any(${sql.param(idHashes)}::text[]) and live`,
  );
  return rows.map((row) => row.hash);
}

/** Ends the items of orders that no longer hold their places, in the same statement as the status change. */
const endItemsOf = (changed: string) => sql`update order_item set live = false
  where order_id in (select id from ${sql.identifier(changed)}) and live returning 1`;

/**
 * pending → expired for the given orders whose hold has passed (compare-and-set: an order paid or
 * cancelled meanwhile is left alone); their items stop being live. Answers the ids expired.
 */
export async function markExpired(db: Db, orderIds: readonly string[], now: Date): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    with expired as (
      update customer_order set status = 'expired', expired_at = ${iso(now)}, updated_at = ${iso(now)}
      where id = any(${sql.param(orderIds)}::uuid[]) and status = 'pending' and expires_at <= ${iso(now)}
      returning id
    ), items as (${endItemsOf('expired')})
    select id from expired`,
  );
  return rows.map((row) => row.id);
}

/**
 * The sweeper's claim: up to `limit` pending orders whose hold has passed, oldest first, that no other
 * process is working on (`skip locked`), marked expired with their items in one statement.
 */
export async function expireDueBatch(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    with due as materialized (
      select id from customer_order
      where status = 'pending' and expires_at <= ${iso(now)}
      order by expires_at
      limit ${limit}
      for update skip locked
    ), expired as (
      update customer_order o set status = 'expired', expired_at = ${iso(now)}, updated_at = ${iso(now)}
      from due where o.id = due.id
      returning o.id
    ), items as (${endItemsOf('expired')})
    select id from expired`,
  );
  return rows.map((row) => row.id);
}

export async function countDue(db: Db, now: Date): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from customer_order where status = 'pending' and expires_at <= ${iso(now)}`,
  );
  return row?.count ?? 0;
}

/** pending → cancelled for the customer's order within its hold; its items stop being live. */
export async function markCancelled(
  db: Db,
  userId: string,
  orderId: string,
  now: Date,
): Promise<{ id: string; session_id: string } | null> {
  const [row] = await queryRows<{ id: string; session_id: string }>(
    db,
    sql`
    with cancelled as (
      update customer_order set status = 'cancelled', cancelled_at = ${iso(now)}, updated_at = ${iso(now)}
      where id = ${orderId} and user_id = ${userId} and status = 'pending' and expires_at > ${iso(now)}
      returning id, session_id
    ), items as (${endItemsOf('cancelled')})
    select id, session_id from cancelled`,
  );
  return row ?? null;
}

export interface OrderState {
  status: OrderStatus;
  expires_at: Date | string;
  hidden_at: Date | string | null;
}

/** The customer's order's state, locked when asked; another customer's reads as missing. */
export async function findOrderState(
  db: Db,
  userId: string,
  orderId: string,
  forUpdate = false,
): Promise<OrderState | null> {
  const [row] = await queryRows<OrderState>(
    db,
    sql`select status, expires_at, hidden_at from customer_order
        where id = ${orderId} and user_id = ${userId} ${forUpdate ? sql`for update` : sql``}`,
  );
  return row ?? null;
}

export async function markHidden(db: Db, orderId: string, now: Date): Promise<void> {
  await db.execute(
    sql`update customer_order set hidden_at = ${iso(now)}, updated_at = ${iso(now)}
        where id = ${orderId} and hidden_at is null`,
  );
}

export interface OrderItemRow {
  unitId: string;
  tierId: string | null;
  tierName: string | null;
  seatLabel: string | null;
  type: string;
  price: number;
  visitorId: string | null;
  holderName: string | null;
  holderIdType: string | null;
  holderIdMasked: string | null;
}

export interface OrderRow {
  id: string;
  status: OrderStatus;
  session_id: string;
  currency: string;
  total_amount: string | number;
  ticket_count: number;
  expires_at: Date | string;
  created_at: Date | string;
  paid_at: Date | string | null;
  cancelled_at: Date | string | null;
  hidden_at: Date | string | null;
  contact_name: string | null;
  contact_phone: string | null;
  starts_at: Date | string;
  ends_at: Date | string;
  mode: string;
  slot_label: string | null;
  production_id: string;
  title: string;
  kind: string;
  poster_url: string | null;
  venue_id: string;
  venue_name: string;
  address: string;
  timezone: string;
  hall_id: string | null;
  hall_name: string | null;
}

const ORDER_COLUMNS = sql`o.id, o.status, o.session_id, o.currency, o.total_amount, o.ticket_count, o.expires_at,
  o.created_at, o.paid_at, o.cancelled_at, o.hidden_at, o.contact_name, o.contact_phone,
  s.starts_at, s.ends_at, s.mode, s.slot_label,
  p.id as production_id, p.title, p.kind, p.poster_url,
  v.id as venue_id, v.name as venue_name, v.address, v.timezone,
  h.id as hall_id, h.name as hall_name`;

const ORDER_JOINS = sql`from customer_order o
  join session s on s.id = o.session_id
  join production p on p.id = o.production_id
  join venue v on v.id = s.venue_id
  left join hall h on h.id = s.hall_id`;

/** The customer's order with its session, production, venue and items; another customer's reads as missing. */
export async function findOrder(
  db: Db,
  userId: string,
  orderId: string,
): Promise<(OrderRow & { items: OrderItemRow[] | string }) | null> {
  const [row] = await queryRows<OrderRow & { items: OrderItemRow[] | string }>(
    db,
    sql`select ${ORDER_COLUMNS},
          coalesce((
            select json_agg(json_build_object(
              'unitId', i.unit_id, 'tierId', i.tier_id, 'tierName', t.name, 'seatLabel', i.seat_label,
              'type', i.ticket_type, 'price', i.price, 'visitorId', i.visitor_id, 'holderName', i.holder_name,
              'holderIdType', i.holder_id_type, 'holderIdMasked', i.holder_id_masked
            ) order by i.position)
            from order_item i left join session_tier t on t.id = i.tier_id
            where i.order_id = o.id
          ), '[]'::json) as items
        ${ORDER_JOINS}
        where o.id = ${orderId} and o.user_id = ${userId}`,
  );
  return row ?? null;
}

export interface OrderFilter {
  status?: OrderStatus | undefined;
  q?: string | undefined;
  now: Date;
  limit: number;
  offset: number;
}

/** The status as readers see it, in SQL: a pending order past its hold is expired. */
export function statusIs(status: OrderStatus, now: Date): SQL {
  if (status === 'pending') return sql`o.status = 'pending' and o.expires_at > ${iso(now)}`;
  if (status === 'expired') return sql`(o.status = 'expired' or (o.status = 'pending' and o.expires_at <= ${iso(now)}))`;
  return sql`o.status = ${status}`;
}

/** The customer's visible orders, newest first, with the page's total; `q` matches the production title loosely. */
export async function listOrders(
  db: Db,
  userId: string,
  filter: OrderFilter,
): Promise<{ rows: OrderRow[]; total: number }> {
  const conditions: SQL[] = [sql`o.user_id = ${userId}`, sql`o.hidden_at is null`];
  if (filter.status) conditions.push(statusIs(filter.status, filter.now));
  const q = filter.q?.trim();
  if (q) conditions.push(sql`(p.title ilike ${containsPattern(q)} or ${q} <% p.title)`);
  const where = sql.join(conditions, sql` and `);
  const rows = await queryRows<OrderRow & { total: number }>(
    db,
    sql`select ${ORDER_COLUMNS}, (count(*) over ())::int as total
        ${ORDER_JOINS}
        where ${where}
        order by o.created_at desc, o.id desc
        limit ${filter.limit} offset ${filter.offset}`,
  );
  if (rows.length > 0 || filter.offset === 0) return { rows, total: rows[0]?.total ?? 0 };
  const [count] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total ${ORDER_JOINS} where ${where}`,
  );
  return { rows, total: count?.total ?? 0 };
}
