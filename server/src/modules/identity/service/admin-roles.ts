import { DomainError, notFound } from '../../../http/errors.js';
import type { Actor } from '../../../http/actor.js';
import type { ModuleDeps } from '../../../app.js';
import { offsetOf, pageOf, type Page } from '../../../http/pagination.js';
import '../errors.js';
import { assertPermission, scopeOfPermission, type Permission } from '../permissions.js';
import { checkRolePermissions } from '../rules.js';
import { listPermissions } from '../repo/catalogue.js';
import { deleteRole, findRole, insertRole, listRoles, replaceRolePermissions, updateRole } from '../repo/roles.js';
import type { Role, RoleBody, RolePatch, RoleQuery } from '../schemas.js';
import { roleView } from './views.js';

type Deps = Pick<ModuleDeps, 'database' | 'clock'>;

/** The permission catalogue: every bit a role can carry. */
export async function listPermissionCatalogue(deps: Pick<ModuleDeps, 'database'>, actor: Actor) {
  assertPermission(actor, 'users.read');
  const rows = await listPermissions(deps.database.db);
  return rows.map((row) => ({ ...row, scope: scopeOfPermission(row.code as Permission) }));
}

export async function listRolesAsAdmin(
  deps: Pick<ModuleDeps, 'database'>,
  actor: Actor,
  query: RoleQuery,
): Promise<Page<Role>> {
  assertPermission(actor, 'users.read');
  const { rows, total } = await listRoles(deps.database.db, {
    scope: query.scope,
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  return pageOf(rows.map(roleView), total, query);
}

export async function getRoleAsAdmin(deps: Pick<ModuleDeps, 'database'>, actor: Actor, id: string): Promise<Role> {
  assertPermission(actor, 'users.read');
  const role = await findRole(deps.database.db, id);
  if (!role) throw notFound('Role');
  return roleView(role);
}

/** A new role of one scope; its permissions must exist and fit the scope. */
export async function createRole(deps: Deps, actor: Actor, input: RoleBody): Promise<Role> {
  assertPermission(actor, 'roles.manage');
  const permissions = checkRolePermissions(input.scope, input.permissions);
  return deps.database.db.transaction(async (tx) => {
    const id = await insertRole(tx, {
      name: input.name,
      description: input.description ?? '',
      scope: input.scope,
      now: deps.clock.now(),
    });
    await replaceRolePermissions(tx, id, permissions);
    return roleView((await findRole(tx, id))!);
  });
}

/**
 * Renames a role, changes its description or replaces its permissions (tokens pick the change up at
 * their next refresh). A built-in role's name and permissions are defined in code and kept in step at
 * every start, so only its description may change.
 */
export async function updateRoleAsAdmin(deps: Deps, actor: Actor, id: string, patch: RolePatch): Promise<Role> {
  assertPermission(actor, 'roles.manage');
  return deps.database.db.transaction(async (tx) => {
    const role = await findRole(tx, id, true);
    if (!role) throw notFound('Role');
    const renamed = patch.name !== undefined && patch.name !== role.name;
    if (role.built_in && (renamed || patch.permissions !== undefined)) {
      throw new DomainError('BUILT_IN_ROLE', 'A built-in role keeps its name and permissions', { roleId: id });
    }
    const permissions = patch.permissions && checkRolePermissions(role.scope, patch.permissions);
    await updateRole(tx, id, { name: patch.name, description: patch.description });
    if (permissions) await replaceRolePermissions(tx, id, permissions);
    return roleView((await findRole(tx, id))!);
  });
}

/** Deletes a role and every grant of it. Built-in roles stay. */
export async function deleteRoleAsAdmin(deps: Deps, actor: Actor, id: string): Promise<void> {
  assertPermission(actor, 'roles.manage');
  await deps.database.db.transaction(async (tx) => {
    const role = await findRole(tx, id, true);
    if (!role) throw notFound('Role');
    if (role.built_in) throw new DomainError('BUILT_IN_ROLE', 'A built-in role cannot be deleted', { roleId: id });
    await deleteRole(tx, id);
  });
}
