import { DomainError, notFound } from '../../../http/errors.js';
import type { Actor } from '../../../http/actor.js';
import type { ModuleDeps } from '../../../app.js';
import type { Db } from '../../../db/client.js';
import { offsetOf, pageOf, type Page } from '../../../http/pagination.js';
import '../errors.js';
import { assertPermission } from '../permissions.js';
import { checkGrantScopes } from '../rules.js';
import { findUserById, listUsers, updateStatus, type UserRow } from '../repo/users.js';
import { directRolesOf, replaceUserRoles, roleScopes } from '../repo/roles.js';
import { groupsOfUsers } from '../repo/groups.js';
import { revokeUserFamilies } from '../repo/sessions.js';
import type { AdminUser, AdminUserPatch, UserQuery } from '../schemas.js';
import { grantView, userView } from './views.js';

async function adminViews(db: Db, rows: UserRow[]): Promise<AdminUser[]> {
  const ids = rows.map((row) => row.id);
  const roles = await directRolesOf(db, ids);
  const groups = await groupsOfUsers(db, ids);
  return rows.map((row) => ({
    ...userView(row),
    roles: roles.filter((role) => role.user_id === row.id).map(grantView),
    groups: groups.filter((group) => group.user_id === row.id).map((group) => ({ id: group.group_id, name: group.name })),
  }));
}

/** Users by part of their username, phone or nickname, and status; each with their roles and groups. */
export async function listUsersAsAdmin(
  deps: Pick<ModuleDeps, 'database'>,
  actor: Actor,
  query: UserQuery,
): Promise<Page<AdminUser>> {
  assertPermission(actor, 'users.read');
  const db = deps.database.db;
  const { rows, total } = await listUsers(db, {
    q: query.q,
    status: query.status,
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  return pageOf(await adminViews(db, rows), total, query);
}

export async function getUserAsAdmin(deps: Pick<ModuleDeps, 'database'>, actor: Actor, id: string): Promise<AdminUser> {
  assertPermission(actor, 'users.read');
  const user = await findUserById(deps.database.db, id);
  if (!user) throw notFound('User');
  const [view] = await adminViews(deps.database.db, [user]);
  return view!;
}

/**
 * Disables or re-enables a user (disabling ends all their sessions) and replaces their directly granted
 * roles. Granting roles needs `roles.manage` besides `users.manage`, so user managers cannot raise
 * anyone's privileges, their own included.
 */
export async function updateUserAsAdmin(
  deps: Pick<ModuleDeps, 'database' | 'clock'>,
  actor: Actor,
  id: string,
  patch: AdminUserPatch,
): Promise<AdminUser> {
  assertPermission(actor, 'users.manage');
  if (patch.roles !== undefined) assertPermission(actor, 'roles.manage');
  if (patch.status === 'disabled' && id === actor.userId) {
    throw new DomainError('CANNOT_DISABLE_SELF', 'You cannot disable your own account');
  }
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const user = await findUserById(tx, id);
    if (!user) throw notFound('User');
    if (patch.roles !== undefined) {
      const grants = checkGrantScopes(patch.roles, await roleScopes(tx, patch.roles.map((grant) => grant.roleId)));
      await replaceUserRoles(tx, id, grants, now);
    }
    if (patch.status !== undefined && patch.status !== user.status) {
      await updateStatus(tx, id, patch.status, now);
      if (patch.status === 'disabled') await revokeUserFamilies(tx, id, now);
    }
    const updated = await findUserById(tx, id);
    const [view] = await adminViews(tx, [updated!]);
    return view!;
  });
}
