import type { Actor } from '../../../http/actor.js';
import { DomainError, notFound } from '../../../http/errors.js';
import { offsetOf, pageOf, type Page } from '../../../http/pagination.js';
import { findBestSeats, type OfferedSeat } from '../../inventory/index.js';
import { listPaymentsOf, listRefundsOf } from '../../payments/index.js';
import { findTicketsOfOrder } from '../../tickets/index.js';
import * as repo from '../repo.js';
import type { BestSeatsQuery, OrderQuery, OrderSummaryView, OrderView } from '../schemas.js';
import type { OrdersContext } from './context.js';
import { orderSummaryView, orderView } from './views.js';

/**
 * One of the customer's orders with its items, where and when it is, and its payments, refunds and
 * tickets; another customer's is NOT_FOUND.
 */
export async function getOrder(ctx: OrdersContext, actor: Actor, orderId: string): Promise<OrderView> {
  const row = await repo.findOrder(ctx.db, actor.userId, orderId);
  if (!row) throw notFound('Order');
  const items = (typeof row.items === 'string' ? JSON.parse(row.items) : row.items) as repo.OrderItemRow[];
  const [payments, refunds, tickets] = await Promise.all([
    listPaymentsOf(ctx.db, 'order', row.id),
    listRefundsOf(ctx.db, 'order', row.id),
    findTicketsOfOrder(ctx.db, row.id),
  ]);
  return orderView(row, items, ctx.clock.now(), { payments, refunds, tickets });
}

/** The customer's orders, newest first, hidden ones left out; `status` as readers see it, `q` on the title. */
export async function listOrders(ctx: OrdersContext, actor: Actor, query: OrderQuery): Promise<Page<OrderSummaryView>> {
  const now = ctx.clock.now();
  const { rows, total } = await repo.listOrders(ctx.db, actor.userId, {
    status: query.status,
    q: query.q,
    now,
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  return pageOf(
    rows.map((row) => orderSummaryView(row, now)),
    total,
    query,
  );
}

/** The seats best available would hold now in a seated session (nothing is held). */
export async function bestSeats(
  ctx: OrdersContext,
  sessionId: string,
  query: BestSeatsQuery,
): Promise<{ seats: OfferedSeat[] }> {
  const now = ctx.clock.now();
  const session = await ctx.sessions.get(sessionId, now);
  if (session.mode !== 'seated') {
    throw new DomainError('NOT_SEATED', 'This session sells tiers or entry places, not seats', { mode: session.mode });
  }
  const options = { category: query.category, accessible: query.accessible };
  return { seats: await findBestSeats(ctx.db, session.id, query.quantity, options, now) };
}
