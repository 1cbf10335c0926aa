import './errors.js';
import type { App, ModuleDeps } from '../../app.js';
import { seatChangePublisher } from '../inventory/index.js';
import { bestSeatRoutes, customerOrderRoutes, merchantOrderRoutes } from './routes.js';
import type { OrdersContext } from './service/context.js';
import { cachedSessionTerms } from './service/sessions.js';

export { countDueOrders, expireDueOrders, SWEEP_BATCH, type SweepOptions } from './service/expire-orders.js';
export type { OrderStatus } from './rules.js';
export { ticketOrderFor } from './service/ticketing.js';
export { listRefundableOrdersOfCancelledSessions, orderPayable } from './service/payable.js';

/**
 * The orders module: a customer's pending order holds its places (inventory units) until `expiresAt`,
 * priced on the server; it is cancelled, expires, or is paid (through the payments module, which
 * `orderPayable` lets pay and refund orders). Routes: /api/orders, GET /api/merchant/orders and
 * GET /api/sessions/:id/best-seats.
 */
export function ordersModule(deps: ModuleDeps) {
  const db = deps.database.db;
  const ctx: OrdersContext = {
    db,
    clock: deps.clock,
    sessions: cachedSessionTerms(db),
    publisher: seatChangePublisher(db, deps.clock, deps.logger),
  };
  return async function ordersRoutes(app: App): Promise<void> {
    // The last seat changes go out before the database closes.
    app.addHook('onClose', () => ctx.publisher.close());
    await app.register(customerOrderRoutes(deps, ctx));
    await app.register(bestSeatRoutes(ctx));
    await app.register(merchantOrderRoutes(deps, ctx));
  };
}
