import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { statusIs } from './repo.js';
import type { OrderStatus } from './rules.js';

/** SQL of the merchant's view of orders: the orders of its own sessions, read-only. */

export interface MerchantOrderRow {
  id: string;
  status: OrderStatus;
  session_id: string;
  currency: string;
  total_amount: string | number;
  ticket_count: number;
  expires_at: Date | string;
  created_at: Date | string;
  paid_at: Date | string | null;
  contact_name: string | null;
  contact_phone: string | null;
  starts_at: Date | string;
  title: string;
  total: number;
}

export interface MerchantOrderFilter {
  status?: OrderStatus | undefined;
  sessionId?: string | undefined;
  now: Date;
  limit: number;
  offset: number;
}

/** The merchant's orders, newest first, with the total of the filter. */
export async function listMerchantOrders(
  db: Db,
  merchantId: string,
  filter: MerchantOrderFilter,
): Promise<{ rows: MerchantOrderRow[]; total: number }> {
  const conditions: SQL[] = [sql`o.merchant_id = ${merchantId}`];
  if (filter.status) conditions.push(statusIs(filter.status, filter.now));
  if (filter.sessionId) conditions.push(sql`o.session_id = ${filter.sessionId}`);
  const where = sql.join(conditions, sql` and `);
  const from = sql`from customer_order o join session s on s.id = o.session_id join production p on p.id = o.production_id`;
  const rows = await queryRows<MerchantOrderRow>(
    db,
    sql`select o.id, o.status, o.session_id, o.currency, o.total_amount, o.ticket_count, o.expires_at, o.created_at,
          o.paid_at, o.contact_name, o.contact_phone, s.starts_at, p.title, (count(*) over ())::int as total
        ${from} where ${where}
        order by o.created_at desc, o.id desc
        limit ${filter.limit} offset ${filter.offset}`,
  );
  if (rows.length > 0 || filter.offset === 0) return { rows, total: rows[0]?.total ?? 0 };
  const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total ${from} where ${where}`);
  return { rows, total: count?.total ?? 0 };
}
