import type { FastifyInstance } from 'fastify';
import type { AppDeps, ModuleDeps } from '../../app.js';

export type { SmsProvider, SmsPurpose } from './sms.js';
export { consoleSmsProvider } from './sms.js';
export { assertPermission, hasPermission, type Permission } from './permissions.js';

/** The identity module's routes: /api/auth, /api/me, /api/admin/users|roles|groups. */
export function identityModule(deps: ModuleDeps) {
  return async function identityRoutes(_app: FastifyInstance): Promise<void> {
    void deps;
  };
}

/** Start-up work: permissions in step with the catalogue, built-in roles, the first admin. */
export async function bootstrapIdentity(deps: AppDeps): Promise<void> {
  void deps;
}
