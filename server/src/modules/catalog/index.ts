import type { App, ModuleDeps } from '../../app.js';
import type { Db } from '../../db/client.js';
import { notFound } from '../../http/errors.js';
import { findProductionForScheduling, type ProductionForScheduling } from './repo/productions.js';
import { adminCatalogRoutes } from './routes/admin.js';
import { merchantProductionRoutes } from './routes/merchant.js';
import { publicCatalogRoutes } from './routes/public.js';
import './errors.js';

export { createProduction, type CreateProductionInput } from './service/productions.js';
export { createCompany, createPerson } from './service/directory.js';
export { ensureCities, findCity, importCities, type CityImport, type ImportProgress } from './service/cities.js';
export type { ProductionForScheduling };
export type { ProductionKind, ProductionStatus, ProductionView, CityView } from './schemas.js';

/** The catalogue's routes: /api/categories, /api/cities, /api/admin/productions|people|companies, /api/merchant/productions. */
export function catalogModule(deps: ModuleDeps) {
  return async function catalogRoutes(app: App): Promise<void> {
    await app.register(publicCatalogRoutes(deps));
    await app.register(adminCatalogRoutes(deps));
    await app.register(merchantProductionRoutes(deps));
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What scheduling needs to know about a production to put it on: its kind (a movie needs a licence),
 * duration (the default end), status (only published ones sell) and owner. Throws NOT_FOUND.
 */
export async function getProductionForScheduling(db: Db, productionId: string): Promise<ProductionForScheduling> {
  // An id that is not a uuid names nothing; asking the database would be a type error, not a miss.
  if (!UUID.test(productionId)) throw notFound('Production');
  const production = await findProductionForScheduling(db, productionId);
  if (!production) throw notFound('Production');
  return production;
}
