import type { UserRow } from '../repo/users.js';
import type { RoleRow } from '../repo/roles.js';
import { maskPhone } from '../rules.js';
import { iso } from '../repo/sql.js';
import type { Role, RoleGrant, User } from '../schemas.js';

/** A user as the API shows them: the phone masked, never the password hash. */
export const userView = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  phone: row.phone === null ? null : maskPhone(row.phone),
  email: row.email,
  nickname: row.nickname,
  avatarUrl: row.avatar_url,
  status: row.status,
  createdAt: iso(row.created_at),
});

export const roleView = (row: RoleRow): Role => ({
  id: row.id,
  name: row.name,
  description: row.description,
  scope: row.scope,
  builtIn: row.built_in,
  permissions: row.permissions,
  createdAt: iso(row.created_at),
});

interface GrantRow {
  role_id: string;
  name: string;
  scope: RoleGrant['scope'];
  merchant_id: string | null;
}

export const grantView = (row: GrantRow): RoleGrant => ({
  roleId: row.role_id,
  name: row.name,
  scope: row.scope,
  merchantId: row.merchant_id,
});
