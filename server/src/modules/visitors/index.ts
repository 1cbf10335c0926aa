import type { App, ModuleDeps } from '../../app.js';
import { visitorRoutes } from './routes.js';
import './errors.js';

export { getVisitorsForTicketing, revealIdNumber, type TicketingVisitor } from './service.js';
export { ID_TYPES, VISITOR_LIMIT, maskIdNumber, validateIdNumber, type IdType } from './rules.js';

/** The visitors module's routes: /api/me/visitors (customer portal). */
export function visitorsModule(deps: ModuleDeps) {
  return async function visitorsRoutes(app: App): Promise<void> {
    await app.register(visitorRoutes(deps));
  };
}
