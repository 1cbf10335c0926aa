import './errors.js';
import type { App, ModuleDeps } from '../../app.js';
import { paymentsContext } from '../payments/index.js';
import { customerPassRoutes, merchantProductRoutes, publicProductRoutes } from './routes.js';
import type { PassesContext } from './service/context.js';
import { PASS_KIND } from './service/pay.js';
import { passPayable } from './service/payable.js';

export { bookPassDay, releasePassDay, type PassBooking, type PassHolder } from './service/book.js';
export { passPayable };

/**
 * The passes module: annual pass products per venue (merchant), passes bought for a real-name visitor
 * and paid through the payments module (subject kind 'pass'), and the days booked with them (orders
 * call `bookPassDay` in the transaction that writes an order placed with `passId`). Routes:
 * /api/merchant/venues/:id/pass-products, GET /api/venues/:id/pass-products, /api/passes, /api/me/passes.
 */
export function passesModule(deps: ModuleDeps) {
  const ctx: PassesContext = { db: deps.database.db, clock: deps.clock };
  // Starting a payment needs only the pass's payable; the payments module applies the notifications
  // with the payables app.ts gives it, `passPayable` among them.
  const payments = paymentsContext(deps, { [PASS_KIND]: passPayable() });
  return async function passesRoutes(app: App): Promise<void> {
    await app.register(merchantProductRoutes(deps, ctx));
    await app.register(publicProductRoutes(ctx));
    await app.register(customerPassRoutes(deps, ctx, payments));
  };
}
