import type { Db } from '../../../db/client.js';
import { DomainError, notFound } from '../../../http/errors.js';
import { moneyOf, type Money } from '../../../http/money.js';
import { getSessionSchedule } from '../../scheduling/index.js';
import * as repo from '../repo.js';
import { newHumanCode, SESSION_TICKET_ENTRIES, validityOf, type TicketStatus } from '../rules.js';

/** One sold place of an order, as the payments module hands it over (from the order's items). */
export interface TicketToIssue {
  unitId: string;
  position: number;
  ticketType: string;
  price: number;
  seatLabel: string | null;
  tierId: string | null;
  visitorId: string | null;
  holderName: string | null;
  holderIdMasked: string | null;
}

export interface OrderToTicket {
  orderId: string;
  userId: string;
  sessionId: string;
  merchantId: string;
  currency: string;
  items: TicketToIssue[];
  /** Admissions each ticket allows; a session's ticket admits once, a pass's day ticket as often as the pass allows a day. */
  entriesAllowed?: number;
}

/** A ticket as an order shows it; `code` is the short counter code (the signed QR is on the ticket page). */
export interface TicketSummary {
  id: string;
  status: TicketStatus;
  unitId: string;
  type: string;
  price: Money;
  seatLabel: string | null;
  code: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Issues one ticket per item of a paid order, in the caller's transaction (the one that marks the order
 * paid, so a paid order always has its tickets). Idempotent per (order, unit): a second call issues
 * nothing new. Answers the order's tickets for those units, issued now or before, in item order.
 * The session's times, venue and zone are read through scheduling in the same transaction and copied
 * into each ticket, so the door never reads another module's tables.
 */
export async function issueTickets(tx: Db, order: OrderToTicket, now: Date): Promise<{ id: string; unitId: string }[]> {
  if (order.items.length === 0) return [];
  const session = await getSessionSchedule(tx, order.sessionId);
  const { validFrom, validTo } = validityOf(session);
  const rows = await repo.insertTickets(tx, {
    orderId: order.orderId,
    userId: order.userId,
    sessionId: order.sessionId,
    merchantId: order.merchantId,
    venueId: session.venueId,
    currency: order.currency,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    timezone: session.timezone,
    validFrom,
    validTo,
    entriesAllowed: order.entriesAllowed ?? SESSION_TICKET_ENTRIES,
    now,
    tickets: order.items.map((item) => ({ ...item, code: newHumanCode() })),
  });
  return rows.map((row) => ({ id: row.id, unitId: row.unit_id }));
}

/**
 * valid → refunded for the given tickets of the order (null: every valid one), compare-and-set in the
 * caller's transaction. The order's tickets are locked first, so a scan at the door either lands
 * before (and the refund answers TICKET_USED) or after (and the door answers refunded). Tickets
 * refunded before are left as they are and not answered. Answers those changed.
 */
export async function refundTickets(
  tx: Db,
  orderId: string,
  ticketIds: string[] | null,
  now: Date,
): Promise<{ id: string; unitId: string; price: number }[]> {
  if (!UUID.test(orderId)) throw notFound('Order');
  const tickets = await repo.lockTicketsOfOrder(tx, orderId);
  const byId = new Map(tickets.map((ticket) => [ticket.id, ticket]));
  const chosen =
    ticketIds === null
      ? tickets.filter((ticket) => ticket.status !== 'refunded')
      : [...new Set(ticketIds)].map((id) => {
          const ticket = byId.get(id);
          if (!ticket) throw new DomainError('NOT_FOUND', 'Ticket not found in this order', { ticketId: id });
          return ticket;
        });
  const used = chosen.filter((ticket) => ticket.status === 'used' || ticket.entries_used > 0);
  if (used.length > 0) {
    throw new DomainError('TICKET_USED', 'A ticket that has been used at the door cannot be refunded', {
      ticketIds: used.map((ticket) => ticket.id),
    });
  }
  const changed = await repo.markRefunded(
    tx,
    orderId,
    chosen.map((ticket) => ticket.id),
    now,
  );
  return changed.map((row) => ({ id: row.id, unitId: row.unit_id, price: Number(row.price) }));
}

export async function findTicketsOfOrder(db: Db, orderId: string): Promise<TicketSummary[]> {
  if (!UUID.test(orderId)) return [];
  const rows = await repo.listTicketsOfOrder(db, orderId);
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    unitId: row.unit_id,
    type: row.ticket_type,
    price: moneyOf(row.price, row.currency),
    seatLabel: row.seat_label,
    code: row.code,
  }));
}
