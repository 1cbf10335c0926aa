import type { App, ModuleDeps } from '../../app.js';
import { authenticate } from '../../http/actor.js';
import './errors.js';
import { adminVenueRoutes } from './routes/admin.js';
import { merchantVenueRoutes } from './routes/merchant.js';
import type { VenuesContext } from './service/context.js';

export type { VenuesContext } from './service/context.js';
export { createMerchantWithVenue } from './service/applications.js';
export { approveMerchant, rejectMerchant, reviewAddedVenue } from './service/review.js';
export { addVenue } from './service/venues.js';
export { createHall } from './service/halls.js';
export type { HallInput, VenueInput } from './schemas.js';
export {
  getHallForScheduling,
  getVenueForScheduling,
  type HallForScheduling,
  type VenueForScheduling,
} from './service/scheduling.js';
export type { Seat, SeatType } from './rules/seat-map.js';

/** The venues module's routes: /api/merchant/applications|venues|staff and /api/admin/merchants|venues. */
export function venuesModule(deps: ModuleDeps) {
  const ctx: VenuesContext = { db: deps.database.db, clock: deps.clock };
  return async function venuesRoutes(app: App): Promise<void> {
    await app.register(async (merchant: App) => {
      merchant.addHook('onRequest', authenticate(deps.tokens.verify, 'merchant'));
      merchantVenueRoutes(merchant, ctx, deps.config.bodyLimitBytes);
    });
    await app.register(async (admin: App) => {
      admin.addHook('onRequest', authenticate(deps.tokens.verify, 'admin'));
      adminVenueRoutes(admin, ctx);
    });
  };
}
