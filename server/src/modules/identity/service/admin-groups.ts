import { DomainError, notFound } from '../../../http/errors.js';
import type { Actor } from '../../../http/actor.js';
import type { ModuleDeps } from '../../../app.js';
import type { Db } from '../../../db/client.js';
import { offsetOf, pageOf, type Page } from '../../../http/pagination.js';
import '../errors.js';
import { assertPermission } from '../permissions.js';
import { checkGrantScopes, type RoleGrantInput } from '../rules.js';
import {
  deleteGroup,
  findGroup,
  groupRolesOf,
  insertGroup,
  listGroups,
  membersOf,
  replaceGroupRoles,
  replaceMembers,
  updateGroup,
  type GroupRow,
} from '../repo/groups.js';
import { existingUserIds } from '../repo/users.js';
import { roleScopes } from '../repo/roles.js';
import { iso } from '../repo/sql.js';
import type { Group, GroupBody, GroupDetail, GroupPatch } from '../schemas.js';
import { grantView } from './views.js';

type Deps = Pick<ModuleDeps, 'database' | 'clock'>;

async function groupViews(db: Db, rows: GroupRow[]): Promise<Group[]> {
  const roles = await groupRolesOf(db, rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    memberCount: row.member_count,
    roles: roles.filter((role) => role.group_id === row.id).map(grantView),
    createdAt: iso(row.created_at),
  }));
}

async function groupDetail(db: Db, id: string): Promise<GroupDetail> {
  const row = await findGroup(db, id);
  if (!row) throw notFound('Group');
  const [view] = await groupViews(db, [row]);
  const members = await membersOf(db, id);
  return {
    ...view!,
    members: members.map((member) => ({ id: member.user_id, username: member.username, nickname: member.nickname })),
  };
}

/** Members and role grants of a group, replaced as given: every member must be a user, every role exist. */
async function applyContents(
  db: Db,
  groupId: string,
  contents: { memberIds?: string[]; roles?: RoleGrantInput[] },
  now: Date,
): Promise<void> {
  if (contents.memberIds !== undefined) {
    const memberIds = [...new Set(contents.memberIds)];
    const known = await existingUserIds(db, memberIds);
    const unknown = memberIds.filter((userId) => !known.has(userId));
    if (unknown.length > 0) throw new DomainError('UNKNOWN_USER', 'Some members are not users', { userIds: unknown });
    await replaceMembers(db, groupId, memberIds);
  }
  if (contents.roles !== undefined) {
    const grants = checkGrantScopes(contents.roles, await roleScopes(db, contents.roles.map((grant) => grant.roleId)));
    await replaceGroupRoles(db, groupId, grants, now);
  }
}

export async function listGroupsAsAdmin(
  deps: Pick<ModuleDeps, 'database'>,
  actor: Actor,
  query: { page: number; pageSize: number },
): Promise<Page<Group>> {
  assertPermission(actor, 'users.read');
  const db = deps.database.db;
  const { rows, total } = await listGroups(db, { limit: query.pageSize, offset: offsetOf(query) });
  return pageOf(await groupViews(db, rows), total, query);
}

export async function getGroupAsAdmin(deps: Pick<ModuleDeps, 'database'>, actor: Actor, id: string): Promise<GroupDetail> {
  assertPermission(actor, 'users.read');
  return groupDetail(deps.database.db, id);
}

/** A group of users who share its roles; members get them at their next sign-in or refresh. */
export async function createGroup(deps: Deps, actor: Actor, input: GroupBody): Promise<GroupDetail> {
  assertPermission(actor, 'roles.manage');
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const id = await insertGroup(tx, { name: input.name, description: input.description ?? '', now });
    await applyContents(tx, id, input, now);
    return groupDetail(tx, id);
  });
}

export async function updateGroupAsAdmin(deps: Deps, actor: Actor, id: string, patch: GroupPatch): Promise<GroupDetail> {
  assertPermission(actor, 'roles.manage');
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    if (!(await findGroup(tx, id, true))) throw notFound('Group');
    await updateGroup(tx, id, { name: patch.name, description: patch.description });
    await applyContents(tx, id, patch, now);
    return groupDetail(tx, id);
  });
}

export async function deleteGroupAsAdmin(deps: Pick<ModuleDeps, 'database'>, actor: Actor, id: string): Promise<void> {
  assertPermission(actor, 'roles.manage');
  await deps.database.db.transaction(async (tx) => {
    if (!(await findGroup(tx, id, true))) throw notFound('Group');
    await deleteGroup(tx, id);
  });
}
