import type { Db } from '../../../db/client.js';
import { notFound } from '../../../http/errors.js';
import type { OrderToTicket } from '../../tickets/index.js';
import * as paid from '../paid-repo.js';

/** What the tickets module needs of an order item: the place, its type and price, and its holder. */
type TicketedItem = Pick<
  paid.PaidItem,
  'unit_id' | 'position' | 'ticket_type' | 'price' | 'seat_label' | 'tier_id' | 'visitor_id' | 'holder_name' | 'holder_id_masked'
>;

/** An order and its items as the tickets module issues them: one ticket per item. */
export function ticketOrderOf(
  order: { id: string; user_id: string; session_id: string; merchant_id: string; currency: string },
  items: readonly TicketedItem[],
  entriesAllowed?: number,
): OrderToTicket {
  return {
    orderId: order.id,
    userId: order.user_id,
    sessionId: order.session_id,
    merchantId: order.merchant_id,
    currency: order.currency.trim(),
    ...(entriesAllowed === undefined ? {} : { entriesAllowed }),
    items: items.map((item) => ({
      unitId: item.unit_id,
      position: item.position,
      ticketType: item.ticket_type,
      price: Number(item.price),
      seatLabel: item.seat_label,
      tierId: item.tier_id,
      visitorId: item.visitor_id,
      holderName: item.holder_name,
      holderIdMasked: item.holder_id_masked,
    })),
  };
}

/** A stored order (locked, in the caller's transaction) with its items, as the tickets module issues it. */
export async function ticketOrderFor(db: Db, orderId: string): Promise<OrderToTicket> {
  const order = await paid.lockOrder(db, orderId, null);
  if (!order) throw notFound('Order');
  return ticketOrderOf(order, await paid.itemsOf(db, orderId));
}
