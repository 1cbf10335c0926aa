import type { Actor } from '../../../http/actor.js';
import { merchantIdOf } from '../../../http/actor.js';
import { moneyOf } from '../../../http/money.js';
import { offsetOf, pageOf, type Page } from '../../../http/pagination.js';
import { assertPermission } from '../../identity/index.js';
import * as repo from '../merchant-repo.js';
import { effectiveStatus } from '../rules.js';
import type { MerchantOrderQuery, MerchantOrderView } from '../schemas.js';
import type { OrdersContext } from './context.js';

const iso = (value: Date | string) => new Date(value).toISOString();

/** GET /api/merchant/orders: the orders of the merchant's sessions, newest first; needs merchant.sales.read. */
export async function listMerchantOrders(
  ctx: OrdersContext,
  actor: Actor,
  query: MerchantOrderQuery,
): Promise<Page<MerchantOrderView>> {
  const merchantId = merchantIdOf(actor);
  assertPermission(actor, 'merchant.sales.read');
  const now = ctx.clock.now();
  const { rows, total } = await repo.listMerchantOrders(ctx.db, merchantId, {
    status: query.status,
    sessionId: query.sessionId,
    now,
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  return pageOf(
    rows.map((row) => ({
      id: row.id,
      status: effectiveStatus(row.status, new Date(row.expires_at), now),
      sessionId: row.session_id,
      startsAt: iso(row.starts_at),
      title: row.title,
      total: moneyOf(row.total_amount, row.currency),
      ticketCount: row.ticket_count,
      contact: row.contact_name === null && row.contact_phone === null ? null : { name: row.contact_name, phone: row.contact_phone },
      createdAt: iso(row.created_at),
      paidAt: row.paid_at === null ? null : iso(row.paid_at),
    })),
    total,
    query,
  );
}
