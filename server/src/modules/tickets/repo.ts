import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { CheckInResult, TicketStatus } from './rules.js';

/** SQL of the ticket and ticket_scan tables; nothing else reads or writes them. */

const iso = (at: Date) => at.toISOString();

export interface TicketRow {
  id: string;
  order_id: string;
  unit_id: string;
  session_id: string;
  merchant_id: string;
  venue_id: string;
  user_id: string;
  position: number;
  ticket_type: string;
  price: string | number;
  currency: string;
  seat_label: string | null;
  tier_id: string | null;
  holder_visitor_id: string | null;
  holder_name: string | null;
  holder_id_masked: string | null;
  code: string;
  starts_at: Date | string;
  ends_at: Date | string;
  timezone: string;
  valid_from: Date | string;
  valid_to: Date | string;
  status: TicketStatus;
  entries_allowed: number;
  entries_used: number;
  used_at: Date | string | null;
  used_gate: string | null;
  refunded_at: Date | string | null;
  issued_at: Date | string;
}

const COLUMNS = sql.raw(`id, order_id, unit_id, session_id, merchant_id, venue_id, user_id, position, ticket_type,
  price, currency, seat_label, tier_id, holder_visitor_id, holder_name, holder_id_masked, code, starts_at, ends_at,
  timezone, valid_from, valid_to, status, entries_allowed, entries_used, used_at, used_gate, refunded_at, issued_at`);

export interface NewTicket {
  unitId: string;
  position: number;
  ticketType: string;
  price: number;
  seatLabel: string | null;
  tierId: string | null;
  visitorId: string | null;
  holderName: string | null;
  holderIdMasked: string | null;
  code: string;
}

export interface TicketBatch {
  orderId: string;
  userId: string;
  sessionId: string;
  merchantId: string;
  venueId: string;
  currency: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  validFrom: Date;
  validTo: Date;
  entriesAllowed: number;
  now: Date;
  tickets: NewTicket[];
}

/**
 * Inserts the batch's tickets in one statement; a unit the order already has a ticket for is skipped,
 * so issuing twice issues nothing new. Answers every ticket of the order for the batch's units, old
 * and new alike.
 */
export async function insertTickets(db: Db, batch: TicketBatch): Promise<{ id: string; unit_id: string }[]> {
  const items = JSON.stringify(
    batch.tickets.map((t) => ({
      unit_id: t.unitId,
      position: t.position,
      ticket_type: t.ticketType,
      price: t.price,
      seat_label: t.seatLabel,
      tier_id: t.tierId,
      holder_visitor_id: t.visitorId,
      holder_name: t.holderName,
      holder_id_masked: t.holderIdMasked,
      code: t.code,
    })),
  );
  await db.execute(sql`
    insert into ticket (order_id, unit_id, session_id, merchant_id, venue_id, user_id, position, ticket_type, price,
      currency, seat_label, tier_id, holder_visitor_id, holder_name, holder_id_masked, code, starts_at, ends_at,
      timezone, valid_from, valid_to, entries_allowed, issued_at)
    select ${batch.orderId}, i.unit_id, ${batch.sessionId}, ${batch.merchantId}, ${batch.venueId}, ${batch.userId},
      i.position, i.ticket_type, i.price, ${batch.currency}, i.seat_label, i.tier_id, i.holder_visitor_id,
      i.holder_name, i.holder_id_masked, i.code, ${iso(batch.startsAt)}, ${iso(batch.endsAt)}, ${batch.timezone},
      ${iso(batch.validFrom)}, ${iso(batch.validTo)}, ${batch.entriesAllowed}, ${iso(batch.now)}
    from jsonb_to_recordset(${items}::jsonb) as i(unit_id uuid, position smallint, ticket_type text, price bigint,
      seat_label text, tier_id uuid, holder_visitor_id uuid, holder_name text, holder_id_masked text, code text)
    order by i.position
    on conflict (order_id, unit_id) do nothing`);
  const unitIds = batch.tickets.map((t) => t.unitId);
  return queryRows<{ id: string; unit_id: string }>(
    db,
    sql`select id, unit_id from ticket
        where order_id = ${batch.orderId} and unit_id = any(${sql.param(unitIds)}::uuid[]) order by position`,
  );
}

/** The order's tickets, locked against a concurrent check-in, in their order. */
export async function lockTicketsOfOrder(db: Db, orderId: string): Promise<TicketRow[]> {
  return queryRows<TicketRow>(
    db,
    sql`select ${COLUMNS} from ticket where order_id = ${orderId} order by id for update`,
  );
}

/** valid → refunded, compare-and-set: only tickets still valid with no entry used change. */
export async function markRefunded(
  db: Db,
  orderId: string,
  ticketIds: string[],
  now: Date,
): Promise<{ id: string; unit_id: string; price: string | number }[]> {
  return queryRows(
    db,
    sql`update ticket set status = 'refunded', refunded_at = ${iso(now)}
        where order_id = ${orderId} and id = any(${sql.param(ticketIds)}::uuid[]) and status = 'valid' and entries_used = 0
        returning id, unit_id, price`,
  );
}

export async function listTicketsOfOrder(db: Db, orderId: string): Promise<TicketRow[]> {
  return queryRows<TicketRow>(db, sql`select ${COLUMNS} from ticket where order_id = ${orderId} order by position`);
}

export async function findTicket(db: Db, id: string): Promise<TicketRow | null> {
  const [row] = await queryRows<TicketRow>(db, sql`select ${COLUMNS} from ticket where id = ${id}`);
  return row ?? null;
}

export async function findTicketByCode(db: Db, code: string): Promise<TicketRow | null> {
  const [row] = await queryRows<TicketRow>(db, sql`select ${COLUMNS} from ticket where code = ${code}`);
  return row ?? null;
}

export async function listTicketsOfUser(
  db: Db,
  userId: string,
  orderId: string | undefined,
  limit: number,
  offset: number,
): Promise<{ rows: TicketRow[]; total: number }> {
  const byOrder = orderId === undefined ? sql`` : sql` and order_id = ${orderId}`;
  const rows = await queryRows<TicketRow>(
    db,
    sql`select ${COLUMNS} from ticket where user_id = ${userId}${byOrder}
        order by issued_at desc, order_id, position limit ${limit} offset ${offset}`,
  );
  const [count] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from ticket where user_id = ${userId}${byOrder}`,
  );
  return { rows, total: count?.total ?? 0 };
}

export async function listTicketsOfSession(db: Db, sessionId: string): Promise<TicketRow[]> {
  return queryRows<TicketRow>(db, sql`select ${COLUMNS} from ticket where session_id = ${sessionId} order by id`);
}

/**
 * One admission, compare-and-set: counts an entry of a ticket that is valid with entries left, and
 * marks it used at its last entry. Zero rows means it was not admitted (used, refunded, or a concurrent
 * scan got there first).
 */
export async function admit(db: Db, ticketId: string, gate: string | null, at: Date): Promise<TicketRow | null> {
  const [row] = await queryRows<TicketRow>(
    db,
    sql`update ticket set entries_used = entries_used + 1,
          status = case when entries_used + 1 = entries_allowed then 'used' else 'valid' end,
          used_at = ${iso(at)}, used_gate = ${gate}
        where id = ${ticketId} and status = 'valid' and entries_used < entries_allowed
        returning ${COLUMNS}`,
  );
  return row ?? null;
}

export interface NewScan {
  ticketId: string | null;
  merchantId: string;
  staffUserId: string;
  gate: string | null;
  result: CheckInResult;
  source: 'online' | 'offline';
  scannedAt: Date;
  recordedAt: Date;
}

export async function insertScans(db: Db, scans: NewScan[]): Promise<void> {
  if (scans.length === 0) return;
  const rows = JSON.stringify(
    scans.map((s) => ({
      ticket_id: s.ticketId,
      merchant_id: s.merchantId,
      staff_user_id: s.staffUserId,
      gate: s.gate,
      result: s.result,
      source: s.source,
      scanned_at: iso(s.scannedAt),
      recorded_at: iso(s.recordedAt),
    })),
  );
  await db.execute(sql`
    insert into ticket_scan (ticket_id, merchant_id, staff_user_id, gate, result, source, scanned_at, recorded_at)
    select s.ticket_id, s.merchant_id, s.staff_user_id, s.gate, s.result, s.source, s.scanned_at, s.recorded_at
    from jsonb_to_recordset(${rows}::jsonb) as s(ticket_id uuid, merchant_id uuid, staff_user_id uuid, gate text,
      result text, source text, scanned_at timestamptz, recorded_at timestamptz)`);
}
