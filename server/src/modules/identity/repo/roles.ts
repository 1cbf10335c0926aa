import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import { DomainError } from '../../../http/errors.js';
import type { RoleScope } from '../permissions.js';
import { guardUnique } from './sql.js';

export interface RoleRow {
  id: string;
  name: string;
  description: string;
  scope: RoleScope;
  built_in: boolean;
  created_at: string;
  permissions: string[];
}

const ROLE_CONFLICTS = { role_name_key: () => new DomainError('ROLE_NAME_TAKEN', 'Another role has this name') };

/** Roles with their permission codes, aggregated in Postgres so a page is one query. */
const selectRoles = (where: SQL, tail: SQL = sql``) => sql`
  select r.id, r.name, r.description, r.scope, r.built_in, r.created_at,
         coalesce((select json_agg(rp.permission_code order by p.bit) from role_permission rp
                   join permission p on p.code = rp.permission_code where rp.role_id = r.id), '[]'::json) as permissions
  from role r where ${where} ${tail}`;

/** Drivers return json columns either parsed or as text. */
const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

const normalise = (rows: RoleRow[]): RoleRow[] => rows.map((row) => ({ ...row, permissions: parsed(row.permissions) }));

export async function listRoles(
  db: Db,
  filter: { scope?: RoleScope; limit: number; offset: number },
): Promise<{ rows: RoleRow[]; total: number }> {
  const where = filter.scope ? sql`r.scope = ${filter.scope}` : sql`true`;
  const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from role r where ${where}`);
  const rows = await queryRows<RoleRow>(
    db,
    selectRoles(where, sql`order by r.built_in desc, r.name limit ${filter.limit} offset ${filter.offset}`),
  );
  return { rows: normalise(rows), total: count?.total ?? 0 };
}

export async function findRole(db: Db, id: string, forUpdate = false): Promise<RoleRow | null> {
  const [row] = await queryRows<RoleRow>(db, selectRoles(sql`r.id = ${id}`, forUpdate ? sql`for update of r` : sql``));
  return row ? normalise([row])[0]! : null;
}

export async function findRoleByName(db: Db, name: string): Promise<{ id: string; scope: RoleScope } | null> {
  const [row] = await queryRows<{ id: string; scope: RoleScope }>(
    db,
    sql`select id, scope from role where lower(name) = lower(${name})`,
  );
  return row ?? null;
}

/** The scope of each of these roles that exists. */
export async function roleScopes(db: Db, ids: readonly string[]): Promise<Map<string, RoleScope>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; scope: RoleScope }>(
    db,
    sql`select id, scope from role where id in ${[...ids]}`,
  );
  return new Map(rows.map((row) => [row.id, row.scope]));
}

export async function insertRole(
  db: Db,
  role: { name: string; description: string; scope: RoleScope; now: Date },
): Promise<string> {
  const [row] = await guardUnique(
    queryRows<{ id: string }>(
      db,
      sql`insert into role (name, description, scope, created_at)
          values (${role.name}, ${role.description}, ${role.scope}, ${role.now.toISOString()}) returning id`,
    ),
    ROLE_CONFLICTS,
  );
  return row!.id;
}

export async function updateRole(db: Db, id: string, patch: { name?: string; description?: string }): Promise<void> {
  const sets: SQL[] = [];
  if (patch.name !== undefined) sets.push(sql`name = ${patch.name}`);
  if (patch.description !== undefined) sets.push(sql`description = ${patch.description}`);
  if (sets.length === 0) return;
  await guardUnique(db.execute(sql`update role set ${sql.join(sets, sql`, `)} where id = ${id}`), ROLE_CONFLICTS);
}

export async function deleteRole(db: Db, id: string): Promise<void> {
  await db.execute(sql`delete from role where id = ${id}`);
}

export async function replaceRolePermissions(db: Db, roleId: string, codes: readonly string[]): Promise<void> {
  if (codes.length === 0) {
    await db.execute(sql`delete from role_permission where role_id = ${roleId}`);
    return;
  }
  await db.execute(sql`delete from role_permission where role_id = ${roleId} and permission_code not in ${[...codes]}`);
  const values = codes.map((code) => sql`(${roleId}, ${code})`);
  await db.execute(
    sql`insert into role_permission (role_id, permission_code) values ${sql.join(values, sql`, `)} on conflict do nothing`,
  );
}

/** Every role grant of a user, direct or through a group, with its role's permission codes. */
export interface GrantRow {
  scope: RoleScope;
  merchant_id: string | null;
  granted_at: string;
  permissions: string[] | string;
}

export async function grantsOf(db: Db, userId: string): Promise<GrantRow[]> {
  return queryRows<GrantRow>(
    db,
    sql`
    with grants as (
      select role_id, merchant_id, created_at from user_role where user_id = ${userId}
      union all
      select gr.role_id, gr.merchant_id, gr.created_at from user_group_role gr
      join user_group_member m on m.group_id = gr.group_id where m.user_id = ${userId}
    )
    select r.scope, g.merchant_id, g.created_at as granted_at,
           coalesce((select json_agg(rp.permission_code) from role_permission rp where rp.role_id = r.id), '[]'::json)
             as permissions
    from grants g join role r on r.id = g.role_id`,
  );
}

export const permissionsOf = (row: GrantRow): string[] => parsed(row.permissions);

export interface UserRoleRow {
  user_id: string;
  role_id: string;
  name: string;
  scope: RoleScope;
  merchant_id: string | null;
}

export async function directRolesOf(db: Db, userIds: readonly string[]): Promise<UserRoleRow[]> {
  if (userIds.length === 0) return [];
  return queryRows<UserRoleRow>(
    db,
    sql`select ur.user_id, ur.role_id, r.name, r.scope, ur.merchant_id from user_role ur
        join role r on r.id = ur.role_id where ur.user_id in ${[...userIds]}
        order by ur.created_at, r.name`,
  );
}

export async function replaceUserRoles(
  db: Db,
  userId: string,
  grants: readonly { roleId: string; merchantId: string | null }[],
  now: Date,
): Promise<void> {
  await db.execute(sql`delete from user_role where user_id = ${userId}`);
  if (grants.length === 0) return;
  const values = grants.map((grant) => sql`(${userId}, ${grant.roleId}, ${grant.merchantId}, ${now.toISOString()})`);
  await db.execute(
    sql`insert into user_role (user_id, role_id, merchant_id, created_at) values ${sql.join(values, sql`, `)}`,
  );
}

/** Adds one grant; granting it again changes nothing (and keeps the first grant's time). */
export async function insertUserRole(db: Db, userId: string, roleId: string, merchantId: string | null): Promise<void> {
  await db.execute(
    sql`insert into user_role (user_id, role_id, merchant_id) values (${userId}, ${roleId}, ${merchantId})
        on conflict do nothing`,
  );
}

export async function deleteMerchantRoles(db: Db, userId: string, merchantId: string): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`delete from user_role where user_id = ${userId} and merchant_id = ${merchantId} returning id`,
  );
  return rows.length;
}

export interface StaffRow {
  user_id: string;
  username: string;
  nickname: string | null;
  role_name: string;
}

/** Staff of a merchant: users granted one of its roles directly or through a group. */
export async function merchantStaff(db: Db, merchantId: string): Promise<StaffRow[]> {
  return queryRows<StaffRow>(
    db,
    sql`
    with grants as (
      select user_id, role_id, created_at from user_role where merchant_id = ${merchantId}
      union all
      select m.user_id, gr.role_id, gr.created_at from user_group_role gr
      join user_group_member m on m.group_id = gr.group_id where gr.merchant_id = ${merchantId}
    )
    select u.id as user_id, u.username, u.nickname, r.name as role_name
    from grants g join app_user u on u.id = g.user_id join role r on r.id = g.role_id
    order by u.username, g.created_at, r.name`,
  );
}
