import { DomainError } from '../../../http/errors.js';
import type { Db } from '../../../db/client.js';
import '../errors.js';
import type { MerchantRoleName } from '../permissions.js';
import { PHONE_PATTERN, USERNAME_PATTERN, invalidInput, normalizePhone } from '../rules.js';
import { findSummaries, findUserByPhone, findUserByUsername, insertUser } from '../repo/users.js';
import { deleteMerchantRoles, findRoleByName, insertUserRole, merchantStaff } from '../repo/roles.js';
import { hashPassword } from '../secrets.js';
import type { User } from '../schemas.js';
import { userView } from './views.js';

export interface NewUser {
  username: string;
  password: string;
  phone?: string;
  nickname?: string;
  /**
   * `demo`: one of the seed's demo accounts, whose published passwords (`demo123`) may be shorter than
   * the 8 characters everyone else needs. Never for real accounts.
   */
  policy?: 'standard' | 'demo';
}

function checkNewUser(user: NewUser): void {
  if (!new RegExp(USERNAME_PATTERN).test(user.username)) {
    throw invalidInput('username', 'must be 3 to 32 of A-Z a-z 0-9 _ . -');
  }
  const minimum = user.policy === 'demo' ? 1 : 8;
  if (user.password.length < minimum || user.password.length > 128) {
    throw invalidInput('password', `must be ${minimum} to 128 characters`);
  }
  if (user.phone !== undefined && !new RegExp(PHONE_PATTERN).test(user.phone)) {
    throw invalidInput('phone', 'must be a mainland mobile or E.164 number');
  }
  if (user.nickname !== undefined && (user.nickname.length < 1 || user.nickname.length > 32)) {
    throw invalidInput('nickname', 'must be 1 to 32 characters');
  }
}

/** Creates an account without an SMS code (demo seed, operators). USERNAME_TAKEN / PHONE_TAKEN as usual. */
export async function createUser(db: Db, user: NewUser, now: Date = new Date()): Promise<User> {
  checkNewUser(user);
  const row = await insertUser(db, {
    username: user.username,
    phone: user.phone === undefined ? null : normalizePhone(user.phone),
    passwordHash: await hashPassword(user.password),
    nickname: user.nickname ?? null,
    now,
  });
  return userView(row);
}

async function roleIdOf(db: Db, name: string): Promise<string> {
  const role = await findRoleByName(db, name);
  // Built-in roles exist once bootstrapIdentity has run, which every start does before serving.
  if (!role) throw new DomainError('UNKNOWN_ROLE', `The role ${name} does not exist`, { role: name });
  return role.id;
}

/** Creates a platform administrator (the `platform-admin` role), e.g. from `boxoffice create-admin`. */
export async function createAdmin(db: Db, admin: NewUser, now: Date = new Date()): Promise<User> {
  checkNewUser(admin);
  const passwordHash = await hashPassword(admin.password);
  return db.transaction(async (tx) => {
    const row = await insertUser(tx, {
      username: admin.username,
      phone: admin.phone === undefined ? null : normalizePhone(admin.phone),
      passwordHash,
      nickname: admin.nickname ?? null,
      now,
    });
    await insertUserRole(tx, row.id, await roleIdOf(tx, 'platform-admin'), null);
    return userView(row);
  });
}

/** Makes a user staff of a merchant with a built-in merchant role; granting it twice changes nothing. */
export async function grantMerchantRole(
  db: Db,
  grant: { userId: string; merchantId: string; role: MerchantRoleName },
): Promise<void> {
  await insertUserRole(db, grant.userId, await roleIdOf(db, grant.role), grant.merchantId);
}

/** Removes every role the user holds directly for the merchant; returns how many there were. */
export async function revokeMerchantRoles(db: Db, grant: { userId: string; merchantId: string }): Promise<number> {
  return deleteMerchantRoles(db, grant.userId, grant.merchantId);
}

export interface MerchantStaffMember {
  userId: string;
  username: string;
  nickname: string | null;
  roles: string[];
}

/** The merchant's staff (direct grants and through groups), each with the names of their roles there. */
export async function listMerchantStaff(db: Db, merchantId: string): Promise<MerchantStaffMember[]> {
  const staff = new Map<string, MerchantStaffMember>();
  for (const row of await merchantStaff(db, merchantId)) {
    const member = staff.get(row.user_id) ?? {
      userId: row.user_id,
      username: row.username,
      nickname: row.nickname,
      roles: [],
    };
    if (!member.roles.includes(row.role_name)) member.roles.push(row.role_name);
    staff.set(row.user_id, member);
  }
  return [...staff.values()];
}

/** The user a username (tried first) or a phone number names, or null. */
export async function findUserIdByLogin(db: Db, usernameOrPhone: string): Promise<string | null> {
  const byUsername = await findUserByUsername(db, usernameOrPhone);
  if (byUsername) return byUsername.id;
  const byPhone = await findUserByPhone(db, normalizePhone(usernameOrPhone));
  return byPhone?.id ?? null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UserSummary {
  id: string;
  username: string;
  nickname: string | null;
}

/** Names to show beside ids (order applicants, staff lists); unknown ids are left out. */
export async function findUserSummaries(db: Db, userIds: readonly string[]): Promise<Map<string, UserSummary>> {
  const ids = [...new Set(userIds)].filter((id) => UUID.test(id));
  const rows = await findSummaries(db, ids);
  return new Map(rows.map((row) => [row.id, { id: row.id, username: row.username, nickname: row.nickname }]));
}
