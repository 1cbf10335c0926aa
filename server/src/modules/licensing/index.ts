import type { App, ModuleDeps } from '../../app.js';
import { authenticate } from '../../http/actor.js';
import './errors.js';
import { adminLicenceRoutes, merchantLicenceRoutes } from './routes.js';
import type { LicensingContext } from './service.js';

export { createLicence, hasLicenceCovering, type CreateLicenceInput } from './service.js';
export type { LicenceRow } from './tables.js';

/** The licensing module's routes: /api/merchant/licences and /api/admin/licences. */
export function licensingModule(deps: ModuleDeps) {
  const ctx: LicensingContext = { db: deps.database.db, clock: deps.clock };
  return async function licensingRoutes(app: App): Promise<void> {
    await app.register(async (merchant: App) => {
      merchant.addHook('onRequest', authenticate(deps.tokens.verify, 'merchant'));
      merchantLicenceRoutes(merchant, ctx);
    });
    await app.register(async (admin: App) => {
      admin.addHook('onRequest', authenticate(deps.tokens.verify, 'admin'));
      adminLicenceRoutes(admin, ctx);
    });
  };
}
