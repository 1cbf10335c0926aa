import type { Actor } from '../../../http/actor.js';
import { DomainError, notFound } from '../../../http/errors.js';
import { publishReleased, releaseOrderUnits, type ReleasedUnits } from '../../inventory/index.js';
import * as repo from '../repo.js';
import { assertCancellable, assertHideable, effectiveStatus } from '../rules.js';
import type { OrderView } from '../schemas.js';
import type { OrdersContext } from './context.js';
import { expireOrders } from './expire-orders.js';
import { getOrder } from './read-orders.js';

/**
 * pending → cancelled by its customer, within the hold: the status (compare-and-set), the items and
 * the units go back on sale at once, in one transaction. An order past its hold is expired already
 * (ORDER_NOT_PENDING, status expired); another customer's order is NOT_FOUND.
 */
export async function cancelOrder(ctx: OrdersContext, actor: Actor, orderId: string): Promise<OrderView> {
  const now = ctx.clock.now();
  const released = await ctx.db.transaction(async (tx) => {
    const cancelled = await repo.markCancelled(tx, actor.userId, orderId, now);
    if (!cancelled) {
      const state = await repo.findOrderState(tx, actor.userId, orderId);
      if (!state) throw notFound('Order');
      const status = effectiveStatus(state.status, new Date(state.expires_at), now);
      assertCancellable(status);
      throw new DomainError('CONFLICT', 'The order changed meanwhile; read it again', { status });
    }
    return releaseOrderUnits(tx, [cancelled.id], now);
  });
  publishReleased(ctx.publisher, released);
  return getOrder(ctx, actor, orderId);
}

/**
 * Removes a finished order (cancelled, expired, completed, refunded) from its customer's list; nothing
 * else about it changes, and hiding it twice is fine. An order whose hold has lapsed but which the
 * sweeper has not reached yet is expired first, so a hidden order is never pending.
 */
export async function hideOrder(ctx: OrdersContext, actor: Actor, orderId: string): Promise<void> {
  const now = ctx.clock.now();
  const released = await ctx.db.transaction(async (tx): Promise<ReleasedUnits> => {
    const state = await repo.findOrderState(tx, actor.userId, orderId, true);
    if (!state) throw notFound('Order');
    if (state.hidden_at !== null) return new Map();
    assertHideable(effectiveStatus(state.status, new Date(state.expires_at), now));
    const freed = state.status === 'pending' ? await expireOrders(tx, [orderId], now) : new Map();
    await repo.markHidden(tx, orderId, now);
    return freed;
  });
  publishReleased(ctx.publisher, released);
}
