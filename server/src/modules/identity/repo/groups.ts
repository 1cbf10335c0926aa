import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import { DomainError } from '../../../http/errors.js';
import type { RoleScope } from '../permissions.js';
import { guardUnique } from './sql.js';

export interface GroupRow {
  id: string;
  name: string;
  description: string;
  created_at: string;
  member_count: number;
}

const GROUP_CONFLICTS = {
  user_group_name_key: () => new DomainError('GROUP_NAME_TAKEN', 'Another group has this name'),
};

const selectGroups = (where: SQL, tail: SQL = sql``) => sql`
  select g.id, g.name, g.description, g.created_at,
         (select count(*)::int from user_group_member m where m.group_id = g.id) as member_count
  from user_group g where ${where} ${tail}`;

export async function listGroups(
  db: Db,
  page: { limit: number; offset: number },
): Promise<{ rows: GroupRow[]; total: number }> {
  const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from user_group`);
  const rows = await queryRows<GroupRow>(
    db,
    selectGroups(sql`true`, sql`order by g.name limit ${page.limit} offset ${page.offset}`),
  );
  return { rows, total: count?.total ?? 0 };
}

export async function findGroup(db: Db, id: string, forUpdate = false): Promise<GroupRow | null> {
  const [row] = await queryRows<GroupRow>(db, selectGroups(sql`g.id = ${id}`, forUpdate ? sql`for update of g` : sql``));
  return row ?? null;
}

export async function insertGroup(db: Db, group: { name: string; description: string; now: Date }): Promise<string> {
  const [row] = await guardUnique(
    queryRows<{ id: string }>(
      db,
      sql`insert into user_group (name, description, created_at)
          values (${group.name}, ${group.description}, ${group.now.toISOString()}) returning id`,
    ),
    GROUP_CONFLICTS,
  );
  return row!.id;
}

export async function updateGroup(db: Db, id: string, patch: { name?: string; description?: string }): Promise<void> {
  const sets: SQL[] = [];
  if (patch.name !== undefined) sets.push(sql`name = ${patch.name}`);
  if (patch.description !== undefined) sets.push(sql`description = ${patch.description}`);
  if (sets.length === 0) return;
  await guardUnique(db.execute(sql`update user_group set ${sql.join(sets, sql`, `)} where id = ${id}`), GROUP_CONFLICTS);
}

export async function deleteGroup(db: Db, id: string): Promise<void> {
  await db.execute(sql`delete from user_group where id = ${id}`);
}

export async function replaceMembers(db: Db, groupId: string, userIds: readonly string[]): Promise<void> {
  await db.execute(sql`delete from user_group_member where group_id = ${groupId}`);
  if (userIds.length === 0) return;
  const values = userIds.map((userId) => sql`(${groupId}, ${userId})`);
  await db.execute(sql`insert into user_group_member (group_id, user_id) values ${sql.join(values, sql`, `)}`);
}

export async function replaceGroupRoles(
  db: Db,
  groupId: string,
  grants: readonly { roleId: string; merchantId: string | null }[],
  now: Date,
): Promise<void> {
  await db.execute(sql`delete from user_group_role where group_id = ${groupId}`);
  if (grants.length === 0) return;
  const values = grants.map((grant) => sql`(${groupId}, ${grant.roleId}, ${grant.merchantId}, ${now.toISOString()})`);
  await db.execute(
    sql`insert into user_group_role (group_id, role_id, merchant_id, created_at) values ${sql.join(values, sql`, `)}`,
  );
}

export interface GroupMemberRow {
  group_id: string;
  user_id: string;
  username: string;
  nickname: string | null;
}

export async function membersOf(db: Db, groupId: string): Promise<GroupMemberRow[]> {
  return queryRows<GroupMemberRow>(
    db,
    sql`select m.group_id, u.id as user_id, u.username, u.nickname from user_group_member m
        join app_user u on u.id = m.user_id where m.group_id = ${groupId} order by u.username`,
  );
}

export interface GroupRoleRow {
  group_id: string;
  role_id: string;
  name: string;
  scope: RoleScope;
  merchant_id: string | null;
}

export async function groupRolesOf(db: Db, groupIds: readonly string[]): Promise<GroupRoleRow[]> {
  if (groupIds.length === 0) return [];
  return queryRows<GroupRoleRow>(
    db,
    sql`select gr.group_id, gr.role_id, r.name, r.scope, gr.merchant_id from user_group_role gr
        join role r on r.id = gr.role_id where gr.group_id in ${[...groupIds]} order by gr.created_at, r.name`,
  );
}

export interface UserGroupRow {
  user_id: string;
  group_id: string;
  name: string;
}

export async function groupsOfUsers(db: Db, userIds: readonly string[]): Promise<UserGroupRow[]> {
  if (userIds.length === 0) return [];
  return queryRows<UserGroupRow>(
    db,
    sql`select m.user_id, g.id as group_id, g.name from user_group_member m
        join user_group g on g.id = m.group_id where m.user_id in ${[...userIds]} order by g.name`,
  );
}
