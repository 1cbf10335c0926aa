import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { OrderStatus } from './rules.js';

/** SQL of paying and refunding orders: what the orders' payable (service/payable.ts) reads and changes. */

const iso = (at: Date) => at.toISOString();

export interface LockedOrder {
  id: string;
  user_id: string;
  merchant_id: string;
  session_id: string;
  status: OrderStatus;
  currency: string;
  total_amount: string | number;
  ticket_count: number;
  expires_at: Date | string;
  title: string;
}

export type OrderOwner = { userId: string } | { merchantId: string } | null;

/** The order, locked, when it is the owner's (null owner: anyone's, for the platform's own work). */
export async function lockOrder(db: Db, orderId: string, owner: OrderOwner): Promise<LockedOrder | null> {
  const whose =
    owner === null ? sql`` : 'userId' in owner ? sql`and o.user_id = ${owner.userId}` : sql`and o.merchant_id = ${owner.merchantId}`;
  const [row] = await queryRows<LockedOrder>(
    db,
    sql`select o.id, o.user_id, o.merchant_id, o.session_id, o.status, o.currency, o.total_amount, o.ticket_count,
          o.expires_at, p.title
        from customer_order o join production p on p.id = o.production_id
        where o.id = ${orderId} ${whose}
        for update of o`,
  );
  return row ?? null;
}

/** A pending order keeps its places until `until`. */
export async function extendExpiry(db: Db, orderId: string, until: Date, now: Date): Promise<void> {
  await db.execute(
    sql`update customer_order set expires_at = ${iso(until)}, updated_at = ${iso(now)}
        where id = ${orderId} and status = 'pending'`,
  );
}

export interface PaidItem {
  unit_id: string;
  position: number;
  tier_id: string | null;
  seat_label: string | null;
  ticket_type: string;
  price: string | number;
  visitor_id: string | null;
  holder_name: string | null;
  holder_id_hash: string | null;
  holder_id_masked: string | null;
}

export async function itemsOf(db: Db, orderId: string): Promise<PaidItem[]> {
  return queryRows<PaidItem>(
    db,
    sql`select unit_id, position, tier_id, seat_label, ticket_type, price, visitor_id, holder_name, holder_id_hash,
          holder_id_masked
        from order_item where order_id = ${orderId} order by position`,
  );
}

/** Whether another order of the session has a live item for one of these hashed ID numbers. */
export async function holdersTakenElsewhere(
  db: Db,
  sessionId: string,
  orderId: string,
  idHashes: readonly string[],
): Promise<boolean> {
  if (idHashes.length === 0) return false;
  const [row] = await queryRows<{ taken: boolean }>(
    db,
    sql`select exists (
          select 1 from order_item
          where session_id = ${sessionId} and order_id <> ${orderId} and live
            and holder_id_hash = any(${sql.param(idHashes)}::text[])
        ) as taken`,
  );
  return row?.taken ?? false;
}

/**
 * pending | expired → paid, compare-and-set, with every item live again: a late payment whose places
 * were still to be had revives its order (and shows it again if its customer had hidden it).
 */
export async function markPaid(db: Db, orderId: string, now: Date): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    with paid as (
      update customer_order set status = 'paid', paid_at = ${iso(now)}, expired_at = null, hidden_at = null,
        updated_at = ${iso(now)}
      where id = ${orderId} and status in ('pending', 'expired')
      returning id
    ), items as (
      update order_item set live = true where order_id in (select id from paid) and not live returning 1
    )
    select id from paid`,
  );
  return rows.length === 1;
}

/**
 * The refunded units' items stop being live, and the order becomes refunded (nothing live is left) or
 * partially-refunded, compare-and-set from paid | partially-refunded. Answers the new status.
 */
export async function markRefunded(
  db: Db,
  orderId: string,
  unitIds: readonly string[],
  now: Date,
): Promise<OrderStatus | null> {
  await db.execute(
    sql`update order_item set live = false
        where order_id = ${orderId} and unit_id = any(${sql.param(unitIds)}::uuid[]) and live`,
  );
  const [row] = await queryRows<{ status: OrderStatus }>(
    db,
    sql`update customer_order o
        set status = case when exists (select 1 from order_item i where i.order_id = o.id and i.live)
                     then 'partially-refunded' else 'refunded' end,
            updated_at = ${iso(now)}
        where o.id = ${orderId} and o.status in ('paid', 'partially-refunded')
        returning o.status`,
  );
  return row?.status ?? null;
}

/**
 * Paid orders of cancelled sessions that still have live items, in id order after `after`: what the
 * cancellation refunds, read page by page so orders that cannot be refunded (only used tickets left)
 * never hide the ones behind them.
 */
export async function listRefundableOfCancelledSessions(db: Db, after: string | null, limit: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select o.id from customer_order o join session s on s.id = o.session_id
        where s.status = 'cancelled' and o.status in ('paid', 'partially-refunded')
          and exists (select 1 from order_item i where i.order_id = o.id and i.live)
          ${after === null ? sql`` : sql`and o.id > ${after}`}
        order by o.id
        limit ${limit}`,
  );
  return rows.map((row) => row.id);
}
