import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { Policy, SessionMode, TicketType } from './rules.js';

/** A session row as the services see it. */
export interface SessionRecord {
  id: string;
  merchantId: string;
  productionId: string;
  venueId: string;
  hallId: string | null;
  mode: SessionMode;
  startsAt: Date;
  endsAt: Date;
  localDate: string;
  slotLabel: string | null;
  seatRows: number | null;
  seatCols: number | null;
  currency: string;
  status: 'scheduled' | 'cancelled';
  policy: Policy;
  cancelledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TierRecord {
  id: string;
  sessionId: string;
  name: string;
  price: number;
  capacity: number;
  sortOrder: number;
}

interface SessionRow {
  id: string;
  merchant_id: string;
  production_id: string;
  venue_id: string;
  hall_id: string | null;
  mode: SessionMode;
  starts_at: string | Date;
  ends_at: string | Date;
  local_date: string;
  slot_label: string | null;
  seat_rows: number | null;
  seat_cols: number | null;
  currency: string;
  status: 'scheduled' | 'cancelled';
  hold_minutes: number;
  max_tickets_per_user: number;
  one_order_per_user: boolean;
  real_name: boolean;
  refund_cutoff_minutes: number;
  refund_fee_percent: number;
  sales_open_at: string | Date;
  sales_close_at: string | Date;
  cancelled_at: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

/** Both drivers hand timestamps back as Postgres text ("2026-12-01 11:30:00+00"); Date parses its ISO form. */
export function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  return new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}

const SESSION_COLUMNS = sql`
  s.id::text as id, s.merchant_id::text as merchant_id, s.production_id::text as production_id,
  s.venue_id::text as venue_id, s.hall_id::text as hall_id, s.mode, s.starts_at, s.ends_at,
  s.local_date::text as local_date, s.slot_label, s.seat_rows, s.seat_cols, s.currency, s.status,
  s.hold_minutes, s.max_tickets_per_user, s.one_order_per_user, s.real_name, s.refund_cutoff_minutes,
  s.refund_fee_percent, s.sales_open_at, s.sales_close_at, s.cancelled_at, s.created_at, s.updated_at`;

function sessionOf(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    productionId: row.production_id,
    venueId: row.venue_id,
    hallId: row.hall_id,
    mode: row.mode,
    startsAt: toDate(row.starts_at),
    endsAt: toDate(row.ends_at),
    localDate: row.local_date,
    slotLabel: row.slot_label,
    seatRows: row.seat_rows,
    seatCols: row.seat_cols,
    currency: row.currency,
    status: row.status,
    policy: {
      holdMinutes: row.hold_minutes,
      maxTicketsPerUser: row.max_tickets_per_user,
      oneOrderPerUser: row.one_order_per_user,
      realName: row.real_name,
      refundCutoffMinutes: row.refund_cutoff_minutes,
      refundFeePercent: row.refund_fee_percent,
      salesOpenAt: toDate(row.sales_open_at),
      salesCloseAt: toDate(row.sales_close_at),
    },
    cancelledAt: row.cancelled_at === null ? null : toDate(row.cancelled_at),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/**
 * Serialises schedule changes of one hall until the transaction ends, so the overlap check and the
 * insert that follows it cannot interleave with another request's.
 */
export async function lockHall(db: Db, hallId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`session-hall:${hallId}`}, 0))`);
}

/** Serialises entry-quota changes of one venue and production until the transaction ends. */
export async function lockEntrySlots(db: Db, venueId: string, productionId: string): Promise<void> {
  await db.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`session-entry:${venueId}:${productionId}`}, 0))`,
  );
}

/**
 * A live session of the hall whose occupied window (start to end plus `bufferMinutes`) overlaps the
 * given one. The buffer is the venue's, so both sides use the same.
 */
export async function findClash(
  db: Db,
  hallId: string,
  window: { from: Date; until: Date },
  bufferMinutes: number,
  excludeSessionId: string | null,
): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`
    select s.id::text as id from session s
    where s.hall_id = ${hallId} and s.status <> 'cancelled'
      and s.starts_at < ${window.until.toISOString()}
      and s.ends_at + make_interval(mins => ${bufferMinutes}) > ${window.from.toISOString()}
      ${excludeSessionId ? sql`and s.id <> ${excludeSessionId}` : sql``}
    order by s.starts_at
    limit 1`,
  );
  return row?.id ?? null;
}

export interface NewSession {
  merchantId: string;
  productionId: string;
  venueId: string;
  hallId: string | null;
  mode: SessionMode;
  startsAt: Date;
  endsAt: Date;
  localDate: string;
  slotLabel: string | null;
  seatRows: number | null;
  seatCols: number | null;
  currency: string;
  policy: Policy;
}

function sessionJson(session: NewSession, now: Date) {
  return {
    merchant_id: session.merchantId,
    production_id: session.productionId,
    venue_id: session.venueId,
    hall_id: session.hallId,
    mode: session.mode,
    starts_at: session.startsAt.toISOString(),
    ends_at: session.endsAt.toISOString(),
    local_date: session.localDate,
    slot_label: session.slotLabel,
    seat_rows: session.seatRows,
    seat_cols: session.seatCols,
    currency: session.currency,
    hold_minutes: session.policy.holdMinutes,
    max_tickets_per_user: session.policy.maxTicketsPerUser,
    one_order_per_user: session.policy.oneOrderPerUser,
    real_name: session.policy.realName,
    refund_cutoff_minutes: session.policy.refundCutoffMinutes,
    refund_fee_percent: session.policy.refundFeePercent,
    sales_open_at: session.policy.salesOpenAt.toISOString(),
    sales_close_at: session.policy.salesCloseAt.toISOString(),
    created_at: now.toISOString(),
  };
}

/** The SELECT that turns a JSON array of `sessionJson` rows into session rows. */
function sessionsFromJson(json: string): SQL {
  return sql`
    select r.merchant_id, r.production_id, r.venue_id, r.hall_id, r.mode, r.starts_at, r.ends_at, r.local_date,
           r.slot_label, r.seat_rows, r.seat_cols, r.currency, r.hold_minutes, r.max_tickets_per_user,
           r.one_order_per_user, r.real_name, r.refund_cutoff_minutes, r.refund_fee_percent, r.sales_open_at,
           r.sales_close_at, r.created_at, r.created_at
    from jsonb_to_recordset(${json}::jsonb) as r(
      merchant_id uuid, production_id uuid, venue_id uuid, hall_id uuid, mode text, starts_at timestamptz,
      ends_at timestamptz, local_date date, slot_label text, seat_rows integer, seat_cols integer, currency text,
      hold_minutes integer, max_tickets_per_user integer, one_order_per_user boolean, real_name boolean,
      refund_cutoff_minutes integer, refund_fee_percent integer, sales_open_at timestamptz,
      sales_close_at timestamptz, created_at timestamptz)`;
}

const INSERT_COLUMNS = sql`(merchant_id, production_id, venue_id, hall_id, mode, starts_at, ends_at, local_date,
  slot_label, seat_rows, seat_cols, currency, hold_minutes, max_tickets_per_user, one_order_per_user, real_name,
  refund_cutoff_minutes, refund_fee_percent, sales_open_at, sales_close_at, created_at, updated_at)`;

export async function insertSession(db: Db, session: NewSession, now: Date): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into session ${INSERT_COLUMNS} ${sessionsFromJson(JSON.stringify([sessionJson(session, now)]))}
        returning id::text as id`,
  );
  return row!.id;
}

/**
 * Entry-quota sessions in one statement; a day slot that exists already is left alone (the partial
 * unique index on venue, production, day and slot). Answers the ones created.
 */
export async function insertEntrySessions(
  db: Db,
  sessions: readonly NewSession[],
  now: Date,
): Promise<{ id: string; localDate: string; slotLabel: string }[]> {
  if (sessions.length === 0) return [];
  const json = JSON.stringify(sessions.map((session) => sessionJson(session, now)));
  const rows = await queryRows<{ id: string; local_date: string; slot_label: string }>(
    db,
    sql`insert into session ${INSERT_COLUMNS} ${sessionsFromJson(json)}
        on conflict (venue_id, production_id, local_date, slot_label) where mode = 'timed-entry' do nothing
        returning id::text as id, local_date::text as local_date, slot_label`,
  );
  return rows.map((row) => ({ id: row.id, localDate: row.local_date, slotLabel: row.slot_label }));
}

/** The entry-quota sessions of a venue and production on some days. */
export async function listEntrySessions(
  db: Db,
  venueId: string,
  productionId: string,
  localDates: readonly string[],
): Promise<SessionRecord[]> {
  if (localDates.length === 0) return [];
  const rows = await queryRows<SessionRow>(
    db,
    sql`select ${SESSION_COLUMNS} from session s
        where s.venue_id = ${venueId} and s.production_id = ${productionId} and s.mode = 'timed-entry'
          and s.slot_label is not null and s.local_date = any(${sql.param(localDates)}::date[])
        order by s.starts_at, s.slot_label`,
  );
  return rows.map(sessionOf);
}

export async function findSession(db: Db, sessionId: string): Promise<SessionRecord | null> {
  const [row] = await queryRows<SessionRow>(db, sql`select ${SESSION_COLUMNS} from session s where s.id = ${sessionId}`);
  return row ? sessionOf(row) : null;
}

/** The merchant's session, locked for the rest of the transaction (another merchant's reads as missing). */
export async function findSessionForUpdate(db: Db, merchantId: string, sessionId: string): Promise<SessionRecord | null> {
  const [row] = await queryRows<SessionRow>(
    db,
    sql`select ${SESSION_COLUMNS} from session s
        where s.id = ${sessionId} and s.merchant_id = ${merchantId} for update`,
  );
  return row ? sessionOf(row) : null;
}

export interface SessionFilter {
  productionId?: string;
  venueId?: string;
  hallId?: string;
  from?: string;
  to?: string;
  status?: 'scheduled' | 'cancelled';
}

export async function listSessions(
  db: Db,
  merchantId: string,
  filter: SessionFilter,
  limit: number,
  offset: number,
): Promise<{ rows: SessionRecord[]; total: number }> {
  const conditions: SQL[] = [sql`s.merchant_id = ${merchantId}`];
  if (filter.productionId) conditions.push(sql`s.production_id = ${filter.productionId}`);
  if (filter.venueId) conditions.push(sql`s.venue_id = ${filter.venueId}`);
  if (filter.hallId) conditions.push(sql`s.hall_id = ${filter.hallId}`);
  if (filter.from) conditions.push(sql`s.local_date >= ${filter.from}::date`);
  if (filter.to) conditions.push(sql`s.local_date <= ${filter.to}::date`);
  if (filter.status) conditions.push(sql`s.status = ${filter.status}`);
  const where = sql.join(conditions, sql` and `);
  const rows = await queryRows<SessionRow & { total: number }>(
    db,
    sql`select ${SESSION_COLUMNS}, (count(*) over ())::int as total from session s where ${where}
        order by s.starts_at, s.id limit ${limit} offset ${offset}`,
  );
  if (rows.length > 0) return { rows: rows.map(sessionOf), total: rows[0]!.total };
  const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from session s where ${where}`);
  return { rows: [], total: count?.total ?? 0 };
}

export interface SessionChanges {
  startsAt: Date;
  endsAt: Date;
  localDate: string;
  currency: string;
  policy: Policy;
}

export async function updateSession(db: Db, sessionId: string, changes: SessionChanges, now: Date): Promise<void> {
  await db.execute(sql`
    update session set
      starts_at = ${changes.startsAt.toISOString()}, ends_at = ${changes.endsAt.toISOString()},
      local_date = ${changes.localDate}::date, currency = ${changes.currency},
      hold_minutes = ${changes.policy.holdMinutes}, max_tickets_per_user = ${changes.policy.maxTicketsPerUser},
      one_order_per_user = ${changes.policy.oneOrderPerUser}, real_name = ${changes.policy.realName},
      refund_cutoff_minutes = ${changes.policy.refundCutoffMinutes},
      refund_fee_percent = ${changes.policy.refundFeePercent},
      sales_open_at = ${changes.policy.salesOpenAt.toISOString()},
      sales_close_at = ${changes.policy.salesCloseAt.toISOString()},
      updated_at = ${now.toISOString()}
    where id = ${sessionId}`);
}

/** scheduled → cancelled, compare-and-set: a second cancel finds nothing to change. */
export async function markCancelled(db: Db, sessionId: string, now: Date): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update session set status = 'cancelled', cancelled_at = ${now.toISOString()}, updated_at = ${now.toISOString()}
        where id = ${sessionId} and status = 'scheduled' returning id::text as id`,
  );
  return rows.length === 1;
}

export async function replacePrices(
  db: Db,
  sessionId: string,
  prices: readonly { category: string; price: number }[],
): Promise<void> {
  await db.execute(sql`delete from session_price where session_id = ${sessionId}`);
  if (prices.length === 0) return;
  await db.execute(sql`
    insert into session_price (session_id, category, amount)
    select ${sessionId}, p.category, p.price
    from jsonb_to_recordset(${JSON.stringify(prices)}::jsonb) as p(category text, price bigint)`);
}

export async function listPrices(db: Db, sessionIds: readonly string[]): Promise<{ sessionId: string; category: string; price: number }[]> {
  if (sessionIds.length === 0) return [];
  const rows = await queryRows<{ session_id: string; category: string; amount: string | number }>(
    db,
    sql`select session_id::text as session_id, category, amount from session_price
        where session_id = any(${sql.param(sessionIds)}::uuid[]) order by amount desc, category`,
  );
  return rows.map((row) => ({ sessionId: row.session_id, category: row.category, price: Number(row.amount) }));
}

/** Tiers of several sessions in one statement; answers them with their new ids. */
export async function insertTiers(
  db: Db,
  tiers: readonly { sessionId: string; name: string; price: number; capacity: number; sortOrder: number }[],
): Promise<TierRecord[]> {
  if (tiers.length === 0) return [];
  const json = JSON.stringify(
    tiers.map((tier) => ({
      session_id: tier.sessionId,
      name: tier.name,
      price: tier.price,
      capacity: tier.capacity,
      sort_order: tier.sortOrder,
    })),
  );
  const rows = await queryRows<TierRow>(
    db,
    sql`insert into session_tier (session_id, name, price, capacity, sort_order)
        select t.session_id, t.name, t.price, t.capacity, t.sort_order
        from jsonb_to_recordset(${json}::jsonb)
          as t(session_id uuid, name text, price bigint, capacity integer, sort_order integer)
        returning ${TIER_COLUMNS}`,
  );
  return rows.map(tierOf);
}

interface TierRow {
  id: string;
  session_id: string;
  name: string;
  price: string | number;
  capacity: number;
  sort_order: number;
}

const TIER_COLUMNS = sql`id::text as id, session_id::text as session_id, name, price, capacity, sort_order`;

const tierOf = (row: TierRow): TierRecord => ({
  id: row.id,
  sessionId: row.session_id,
  name: row.name,
  price: Number(row.price),
  capacity: row.capacity,
  sortOrder: row.sort_order,
});

export async function listTiers(db: Db, sessionIds: readonly string[]): Promise<TierRecord[]> {
  if (sessionIds.length === 0) return [];
  const rows = await queryRows<TierRow>(
    db,
    sql`select ${TIER_COLUMNS} from session_tier
        where session_id = any(${sql.param(sessionIds)}::uuid[]) order by session_id, sort_order`,
  );
  return rows.map(tierOf);
}

export async function updateTiers(
  db: Db,
  sessionId: string,
  tiers: readonly { id: string; name: string; price: number }[],
): Promise<void> {
  if (tiers.length === 0) return;
  await db.execute(sql`
    update session_tier t set name = c.name, price = c.price
    from jsonb_to_recordset(${JSON.stringify(tiers)}::jsonb) as c(id uuid, name text, price bigint)
    where t.session_id = ${sessionId} and t.id = c.id`);
}

/** Ticket types of several sessions in one statement. */
export async function insertTicketTypes(
  db: Db,
  sessionIds: readonly string[],
  types: readonly TicketType[],
): Promise<void> {
  if (sessionIds.length === 0 || types.length === 0) return;
  const json = JSON.stringify(types.map((type, index) => ({ ...type, sort_order: index })));
  await db.execute(sql`
    insert into session_ticket_type (session_id, type, price, discount, sort_order)
    select s.id, t.type, t.price, t.discount, t.sort_order
    from unnest(${sql.param(sessionIds)}::uuid[]) as s(id)
    cross join jsonb_to_recordset(${json}::jsonb) as t(type text, price bigint, discount bigint, sort_order integer)`);
}

export async function deleteTicketTypes(db: Db, sessionId: string): Promise<void> {
  await db.execute(sql`delete from session_ticket_type where session_id = ${sessionId}`);
}

export async function listTicketTypes(
  db: Db,
  sessionIds: readonly string[],
): Promise<(TicketType & { sessionId: string })[]> {
  if (sessionIds.length === 0) return [];
  const rows = await queryRows<{
    session_id: string;
    type: string;
    price: string | number | null;
    discount: string | number | null;
  }>(
    db,
    sql`select session_id::text as session_id, type, price, discount from session_ticket_type
        where session_id = any(${sql.param(sessionIds)}::uuid[]) order by session_id, sort_order`,
  );
  return rows.map((row) => ({
    sessionId: row.session_id,
    type: row.type,
    price: row.price === null ? null : Number(row.price),
    discount: row.discount === null ? null : Number(row.discount),
  }));
}

/**
 * The merchant that owns a venue, for operator commands that act on the venue's behalf. The venues
 * module publishes its tables for scheduling to read (see its migration).
 */
export async function findVenueMerchant(db: Db, venueId: string): Promise<string | null> {
  const [row] = await queryRows<{ merchant_id: string }>(
    db,
    sql`select merchant_id::text as merchant_id from venue where id = ${venueId}`,
  );
  return row?.merchant_id ?? null;
}
