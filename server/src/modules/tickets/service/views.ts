import { moneyOf } from '../../../http/money.js';
import type { TicketRow } from '../repo.js';
import type { CheckInResult, TicketAtGate } from '../rules.js';
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

/** HH:MM in the venue's zone, as staff at the door read the time. */
function localTime(at: Date | string, timezone: string, withDate = false): string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
  });
  return format.format(new Date(at)).replace(',', '');
}

/** One line for the scanner's screen: "Already used at 19:02, gate North 2". */
export function doorMessage(result: CheckInResult, ticket: TicketRow | null): string {
  if (!ticket) return result === 'wrong-venue' ? 'Not a ticket for this venue' : 'Not a valid ticket';
  const place = ticket.seat_label !== null ? `seat ${ticket.seat_label}` : ticket.ticket_type;
  switch (result) {
    case 'admitted':
      return `Admitted: ${place}`;
    case 'already-used': {
      const at = ticket.used_at === null ? '' : ` at ${localTime(ticket.used_at, ticket.timezone)}`;
      return `Already used${at}${ticket.used_gate === null ? '' : `, gate ${ticket.used_gate}`}`;
    }
    case 'refunded':
      return 'Refunded: not valid for entry';
    case 'not-today':
      return `Valid ${localTime(ticket.valid_from, ticket.timezone, true)} to ${localTime(ticket.valid_to, ticket.timezone)}`;
    case 'wrong-venue':
      return 'Not a ticket for this venue';
    case 'invalid':
      return 'Not a valid ticket';
  }
}
