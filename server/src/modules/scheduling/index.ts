import './errors.js';
import type { App, ModuleDeps } from '../../app.js';
import { merchantSessionRoutes, publicSessionRoutes } from './routes.js';

export { createSession } from './service/create-session.js';
export { cancelSession } from './service/cancel-session.js';
export { updateSession } from './service/update-session.js';
export {
  openEntryQuotas,
  openEntryQuotasForVenue,
  type EntryQuotaOptions,
  type EntryQuotaResult,
} from './service/entry-quotas.js';
export {
  getSessionForOrdering,
  getSessionSchedule,
  isSessionCancelled,
  type SessionForOrdering,
  type SessionSchedule,
} from './service/read-sessions.js';
export type { SessionView } from './service/views.js';
export type { CreateSessionInput, EntryQuotaInput, PatchSessionInput } from './schemas.js';
export type { Policy, SessionMode, TicketType } from './rules.js';
export { DEFAULT_TICKET_TYPE } from './rules.js';
export { addDays, localDateOf, zonedToUtc } from './zoned-time.js';
export { quotaInputFromOptions, type QuotaCommandOptions } from './quota-options.js';

/** The scheduling module's routes: /api/merchant/sessions, entry quotas, and the public GET /api/sessions/:id. */
export function schedulingModule(deps: ModuleDeps) {
  return async function schedulingRoutes(app: App): Promise<void> {
    await app.register(publicSessionRoutes(deps));
    await app.register(merchantSessionRoutes(deps));
  };
}
