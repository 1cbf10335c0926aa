import { moneyOf } from '../../../http/money.js';
import type { TicketRow } from '../repo.js';
import type { TicketAtGate } from '../rules.js';
import type { TicketAtDoor, TicketListItem } from '../schemas.js';
import type { TicketPayload } from '../signing.js';

const iso = (value: Date | string): string => new Date(value).toISOString();

/** What the QR of a ticket says: copied from the row, so the same ticket always signs the same. */
export const payloadOf = (row: TicketRow): TicketPayload => ({
  ticketId: row.id,
  sessionId: row.session_id,
  seatLabel: row.seat_label,
  tierId: row.seat_label === null ? row.tier_id : null,
  validFrom: new Date(row.valid_from),
  validTo: new Date(row.valid_to),
});

export const atGate = (row: TicketRow): TicketAtGate => ({
  merchantId: row.merchant_id,
  venueId: row.venue_id,
  status: row.status,
  entriesUsed: row.entries_used,
  entriesAllowed: row.entries_allowed,
  validFrom: new Date(row.valid_from),
  validTo: new Date(row.valid_to),
});

export function ticketListItem(row: TicketRow): TicketListItem {
  return {
    id: row.id,
    orderId: row.order_id,
    status: row.status,
    session: {
      id: row.session_id,
      startsAt: iso(row.starts_at),
      endsAt: iso(row.ends_at),
      venueId: row.venue_id,
      timezone: row.timezone,
    },
    ...(row.seat_label !== null ? { seat: { label: row.seat_label } } : {}),
    ...(row.tier_id !== null ? { tierId: row.tier_id } : {}),
    type: row.ticket_type,
    price: moneyOf(row.price, row.currency),
    ...(row.holder_visitor_id !== null
      ? { holder: { visitorId: row.holder_visitor_id, name: row.holder_name ?? '', idNumber: row.holder_id_masked ?? '' } }
      : {}),
    counterCode: row.code,
    validFrom: iso(row.valid_from),
    validTo: iso(row.valid_to),
    entriesAllowed: row.entries_allowed,
    entriesUsed: row.entries_used,
    ...(row.used_at !== null ? { usedAt: iso(row.used_at) } : {}),
    ...(row.used_gate !== null ? { gate: row.used_gate } : {}),
    ...(row.refunded_at !== null ? { refundedAt: iso(row.refunded_at) } : {}),
  };
}

export const ticketAtDoor = (row: TicketRow): TicketAtDoor => ({
  id: row.id,
  sessionId: row.session_id,
  type: row.ticket_type,
  seatLabel: row.seat_label,
  tierId: row.tier_id,
  holderName: row.holder_name,
  status: row.status,
  entriesAllowed: row.entries_allowed,
  entriesUsed: row.entries_used,
  validFrom: iso(row.valid_from),
  validTo: iso(row.valid_to),
});
