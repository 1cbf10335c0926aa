import { moneyOf } from '../../../http/money.js';
import type { PaymentSummary, RefundSummary } from '../../payments/index.js';
import type { TicketSummary } from '../../tickets/index.js';
import type { OrderItemRow, OrderRow } from '../repo.js';
import { effectiveStatus } from '../rules.js';
import type { OrderItemView, OrderSummaryView, OrderView } from '../schemas.js';

const iso = (value: Date | string): string => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null): string | null => (value === null ? null : iso(value));

/** An item as the API shows it: a seat names its seat (the unit id) and label, a pool place its tier. */
export function itemView(item: OrderItemRow, currency: string): OrderItemView {
  return {
    unitId: item.unitId,
    ...(item.tierId === null ? { seatId: item.unitId } : { tierId: item.tierId }),
    ...(item.seatLabel !== null ? { seatLabel: item.seatLabel } : {}),
    ...(item.tierName !== null ? { tierName: item.tierName } : {}),
    type: item.type,
    price: moneyOf(item.price, currency),
    ...(item.visitorId !== null
      ? {
          holder: {
            visitorId: item.visitorId,
            name: item.holderName ?? '',
            idType: item.holderIdType ?? '',
            idNumber: item.holderIdMasked ?? '',
          },
        }
      : {}),
  };
}

export function orderSummaryView(row: OrderRow, now: Date): OrderSummaryView {
  return {
    id: row.id,
    status: effectiveStatus(row.status, new Date(row.expires_at), now),
    sessionId: row.session_id,
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    total: moneyOf(row.total_amount, row.currency),
    ticketCount: row.ticket_count,
    session: {
      id: row.session_id,
      startsAt: iso(row.starts_at),
      endsAt: iso(row.ends_at),
      mode: row.mode,
      slotLabel: row.slot_label,
      hall: row.hall_id !== null && row.hall_name !== null ? { id: row.hall_id, name: row.hall_name } : null,
    },
    production: { id: row.production_id, title: row.title, kind: row.kind, posterUrl: row.poster_url },
    venue: { id: row.venue_id, name: row.venue_name, address: row.address, timezone: row.timezone },
  };
}

/** What an order's page shows beside its items: its payments, refunds and tickets. */
export interface OrderExtras {
  payments: PaymentSummary[];
  refunds: RefundSummary[];
  tickets: TicketSummary[];
}

export function orderView(row: OrderRow, items: OrderItemRow[], now: Date, extras: OrderExtras): OrderView {
  return {
    ...orderSummaryView(row, now),
    paidAt: isoOrNull(row.paid_at),
    cancelledAt: isoOrNull(row.cancelled_at),
    hidden: row.hidden_at !== null,
    contact:
      row.contact_name === null && row.contact_phone === null
        ? null
        : { name: row.contact_name, phone: row.contact_phone },
    items: items.map((item) => itemView(item, row.currency)),
    payments: extras.payments,
    refunds: extras.refunds,
    tickets: extras.tickets,
  };
}
