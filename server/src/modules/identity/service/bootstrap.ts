import type { AppDeps } from '../../../app.js';
import {
  BUILT_IN_ROLES,
  BUILT_IN_ROLE_DESCRIPTIONS,
  PERMISSIONS,
  PERMISSION_DESCRIPTIONS,
  PERMISSION_NAMES,
  scopeOfRole,
  type BuiltInRole,
} from '../permissions.js';
import { USERNAME_PATTERN } from '../rules.js';
import { lockBootstrap, upsertBuiltInRole, upsertPermissions } from '../repo/catalogue.js';
import { insertUserRole, replaceRolePermissions } from '../repo/roles.js';
import { findUserByUsername, insertUserIfAbsent } from '../repo/users.js';
import { hashPassword, verifyPassword } from '../secrets.js';

const DEVELOPMENT_ADMIN = { username: 'admin', password: 'admin123' };

/**
 * Start-up work, run before any process serves: the permission rows follow the catalogue in code, the
 * built-in roles exist with exactly their permissions, and the first admin exists. Idempotent; parallel
 * starts queue on one lock. An existing admin account is never touched (its password may have changed).
 */
export async function bootstrapIdentity(deps: AppDeps): Promise<void> {
  const db = deps.database.db;
  const { adminUsername, adminPassword } = deps.config;
  if (!new RegExp(USERNAME_PATTERN).test(adminUsername)) {
    throw new Error('ADMIN_USERNAME must be 3 to 32 of A-Z a-z 0-9 _ . -');
  }
  const adminMissing = (await findUserByUsername(db, adminUsername)) === null;
  const passwordHash = adminMissing ? await hashPassword(adminPassword) : null;
  const now = deps.clock.now();

  const created = await db.transaction(async (tx) => {
    await lockBootstrap(tx);
    await upsertPermissions(
      tx,
      PERMISSION_NAMES.map((code) => ({ code, bit: PERMISSIONS[code], description: PERMISSION_DESCRIPTIONS[code] })),
    );
    const roleIds = new Map<BuiltInRole, string>();
    for (const name of Object.keys(BUILT_IN_ROLES) as BuiltInRole[]) {
      const description = BUILT_IN_ROLE_DESCRIPTIONS[name];
      const id = await upsertBuiltInRole(tx, { name, description, scope: scopeOfRole(name) });
      await replaceRolePermissions(tx, id, BUILT_IN_ROLES[name]);
      roleIds.set(name, id);
    }
    if (!passwordHash) return false;
    const admin = await insertUserIfAbsent(tx, { username: adminUsername, passwordHash, now });
    if (admin) await insertUserRole(tx, admin, roleIds.get('platform-admin')!, null);
    return admin !== null;
  });
  if (created) deps.logger.info({ username: adminUsername }, 'first admin account created');

  const defaults = adminUsername === DEVELOPMENT_ADMIN.username && adminPassword === DEVELOPMENT_ADMIN.password;
  if (deps.config.env === 'development' && defaults) {
    const admin = await findUserByUsername(db, adminUsername);
    if (admin && (await verifyPassword(admin.password_hash, adminPassword))) {
      deps.logger.info(
        `Development admin account: ${DEVELOPMENT_ADMIN.username} / ${DEVELOPMENT_ADMIN.password} ` +
          '(set ADMIN_USERNAME and ADMIN_PASSWORD to choose others)',
      );
    }
  }
}
