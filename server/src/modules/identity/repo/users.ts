import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import { DomainError } from '../../../http/errors.js';
import { containsPattern } from '../../../db/like.js';
import { guardUnique } from './sql.js';

export interface UserRow {
  id: string;
  username: string;
  phone: string | null;
  email: string | null;
  password_hash: string | null;
  nickname: string | null;
  avatar_url: string | null;
  status: 'active' | 'disabled';
  created_at: string;
}

const USER_COLUMNS = sql.raw('id, username, phone, email, password_hash, nickname, avatar_url, status, created_at');

const USER_CONFLICTS = {
  app_user_username_key: () => new DomainError('USERNAME_TAKEN', 'This username is taken'),
  app_user_phone_key: () => new DomainError('PHONE_TAKEN', 'This phone number is registered already'),
  app_user_email_key: () => new DomainError('EMAIL_TAKEN', 'This email address belongs to another account'),
};

export async function insertUser(
  db: Db,
  user: { username: string; phone: string | null; passwordHash: string | null; nickname: string | null; now: Date },
): Promise<UserRow> {
  const at = user.now.toISOString();
  const [row] = await guardUnique(
    queryRows<UserRow>(
      db,
      sql`insert into app_user (username, phone, password_hash, nickname, created_at, updated_at)
          values (${user.username}, ${user.phone}, ${user.passwordHash}, ${user.nickname}, ${at}, ${at})
          returning ${USER_COLUMNS}`,
    ),
    USER_CONFLICTS,
  );
  return row!;
}

async function findOne(db: Db, where: SQL): Promise<UserRow | null> {
  const [row] = await queryRows<UserRow>(db, sql`select ${USER_COLUMNS} from app_user where ${where}`);
  return row ?? null;
}

export const findUserById = (db: Db, id: string) => findOne(db, sql`id = ${id}`);
export const findUserByUsername = (db: Db, username: string) => findOne(db, sql`lower(username) = lower(${username})`);
export const findUserByPhone = (db: Db, phone: string) => findOne(db, sql`phone = ${phone}`);

export async function phoneIsRegistered(db: Db, phone: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(db, sql`select id from app_user where phone = ${phone}`);
  return rows.length > 0;
}

export interface ProfilePatch {
  nickname?: string | null;
  email?: string | null;
  avatarUrl?: string | null;
}

export async function updateProfile(db: Db, id: string, patch: ProfilePatch, now: Date): Promise<UserRow | null> {
  const sets: SQL[] = [sql`updated_at = ${now.toISOString()}`];
  if (patch.nickname !== undefined) sets.push(sql`nickname = ${patch.nickname}`);
  if (patch.email !== undefined) sets.push(sql`email = ${patch.email}`);
  if (patch.avatarUrl !== undefined) sets.push(sql`avatar_url = ${patch.avatarUrl}`);
  const [row] = await guardUnique(
    queryRows<UserRow>(db, sql`update app_user set ${sql.join(sets, sql`, `)} where id = ${id} returning ${USER_COLUMNS}`),
    USER_CONFLICTS,
  );
  return row ?? null;
}

export async function updatePassword(db: Db, id: string, passwordHash: string, now: Date): Promise<void> {
  await db.execute(
    sql`update app_user set password_hash = ${passwordHash}, updated_at = ${now.toISOString()} where id = ${id}`,
  );
}

export async function updateStatus(db: Db, id: string, status: 'active' | 'disabled', now: Date): Promise<void> {
  await db.execute(sql`update app_user set status = ${status}, updated_at = ${now.toISOString()} where id = ${id}`);
}

export interface UserFilter {
  q?: string;
  status?: 'active' | 'disabled';
  limit: number;
  offset: number;
}

export async function listUsers(db: Db, filter: UserFilter): Promise<{ rows: UserRow[]; total: number }> {
  const conditions: SQL[] = [sql`true`];
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(sql`(username ilike ${pattern} or phone like ${pattern} or nickname ilike ${pattern})`);
  }
  if (filter.status) conditions.push(sql`status = ${filter.status}`);
  const where = sql.join(conditions, sql` and `);
  const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from app_user where ${where}`);
  const rows = await queryRows<UserRow>(
    db,
    sql`select ${USER_COLUMNS} from app_user where ${where}
        order by created_at desc, id limit ${filter.limit} offset ${filter.offset}`,
  );
  return { rows, total: count?.total ?? 0 };
}

export interface UserSummaryRow {
  id: string;
  username: string;
  nickname: string | null;
}

export async function findSummaries(db: Db, ids: readonly string[]): Promise<UserSummaryRow[]> {
  if (ids.length === 0) return [];
  return queryRows<UserSummaryRow>(db, sql`select id, username, nickname from app_user where id in ${[...ids]}`);
}

/** Which of these ids are users. */
export async function existingUserIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(db, sql`select id from app_user where id in ${[...ids]}`);
  return new Set(rows.map((row) => row.id));
}

/** Creates the account unless one has the username already (parallel starts); returns the new id or null. */
export async function insertUserIfAbsent(
  db: Db,
  user: { username: string; passwordHash: string; now: Date },
): Promise<string | null> {
  const at = user.now.toISOString();
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into app_user (username, password_hash, created_at, updated_at)
        values (${user.username}, ${user.passwordHash}, ${at}, ${at})
        on conflict (lower(username)) do nothing returning id`,
  );
  return row?.id ?? null;
}
