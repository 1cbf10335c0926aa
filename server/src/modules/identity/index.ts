import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps, ModuleDeps } from '../../app.js';
import './errors.js';
import { authRoutes } from './routes/auth.js';
import { meRoutes } from './routes/me.js';
import { adminRoutes } from './routes/admin.js';
import { bootstrapIdentity as bootstrap } from './service/bootstrap.js';

export type { SmsProvider, SmsPurpose } from './sms.js';
export { consoleSmsProvider } from './sms.js';
export {
  assertPermission,
  hasPermission,
  operatorActor,
  type Permission,
  type MerchantRoleName,
} from './permissions.js';
export {
  createAdmin,
  createUser,
  findUserIdByLogin,
  findUserSummaries,
  grantMerchantRole,
  listMerchantStaff,
  revokeMerchantRoles,
  type MerchantStaffMember,
  type NewUser,
  type UserSummary,
} from './service/accounts.js';
export type { User } from './schemas.js';

/** The identity module's routes: /api/auth, /api/me, /api/admin/users|permissions|roles|groups. */
export function identityModule(deps: ModuleDeps) {
  return async function identityRoutes(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    authRoutes(app, deps);
    meRoutes(app, deps);
    adminRoutes(app, deps);
  };
}

/** Start-up work: permissions in step with the catalogue, built-in roles, the first admin. */
export async function bootstrapIdentity(deps: AppDeps): Promise<void> {
  await bootstrap(deps);
}
