import { randomBytes, randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import type { Portal } from '../../src/http/actor.js';
import {
  createUser,
  grantMerchantRole,
  type MerchantRoleName,
  type Permission,
} from '../../src/modules/identity/index.js';
import type { TestApp } from './app.js';

/** A signed-in user as the tests hold them: the answer of a real sign-in through the API. */
export interface SignedIn {
  userId: string;
  username: string;
  phone: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  merchantId: string | null;
  permissions: string[];
  headers: { authorization: string };
}

/** A fresh mainland mobile number. */
export const randomPhone = (): string => `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
export const randomUsername = (prefix = 'u'): string => `${prefix}_${randomBytes(5).toString('hex')}`;

/**
 * Each factory call comes from its own address, so factories never eat the per-address budget that a
 * test of rate limits counts on.
 */
export const randomAddress = (): string => `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

function expectStatus(response: { statusCode: number; body: string }, status: number, what: string): void {
  if (response.statusCode !== status) {
    throw new Error(`${what}: expected ${status}, got ${response.statusCode} ${response.body}`);
  }
}

/** Asks for an SMS code through the API and returns it (the console provider reveals it outside production). */
export async function requestSmsCode(
  t: TestApp,
  phone: string,
  purpose: 'register' | 'login' | 'reset-password',
): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/sms-codes',
    payload: { phone, purpose },
    remoteAddress: randomAddress(),
  });
  expectStatus(response, 202, 'SMS code');
  const { debugCode } = response.json() as { debugCode?: string };
  if (!debugCode) throw new Error('the SMS provider did not reveal the code');
  return debugCode;
}

function signedIn(body: Record<string, unknown>, password: string, phone: string): SignedIn {
  const user = body.user as { id: string; username: string };
  const accessToken = body.accessToken as string;
  return {
    userId: user.id,
    username: user.username,
    phone,
    password,
    accessToken,
    refreshToken: body.refreshToken as string,
    merchantId: (body.merchantId as string | null) ?? null,
    permissions: body.permissions as string[],
    headers: { authorization: `Bearer ${accessToken}` },
  };
}

/** Registers a customer through the real API (SMS code, then register): customer-portal tokens. */
export async function registerCustomer(
  t: TestApp,
  options: { username?: string; phone?: string; password?: string } = {},
): Promise<SignedIn> {
  const phone = options.phone ?? randomPhone();
  const username = options.username ?? randomUsername('c');
  const password = options.password ?? 'correct horse battery';
  const code = await requestSmsCode(t, phone, 'register');
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { username, phone, password, code },
    remoteAddress: randomAddress(),
  });
  expectStatus(response, 201, 'register');
  return signedIn(response.json(), password, phone);
}

/** Signs in to a portal with username and password through the real API. */
export async function signIn(
  t: TestApp,
  portal: Portal,
  credentials: { username: string; password: string; phone?: string },
  options: { merchantId?: string } = {},
): Promise<SignedIn> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: {
      portal,
      username: credentials.username,
      password: credentials.password,
      ...(options.merchantId ? { merchantId: options.merchantId } : {}),
    },
    remoteAddress: randomAddress(),
  });
  expectStatus(response, 200, `sign in to ${portal}`);
  return signedIn(response.json(), credentials.password, credentials.phone ?? '');
}

/**
 * An administrator signed in to the admin portal. By default a `platform-admin`; with `permissions`, the
 * holder of a fresh platform role carrying exactly those (admin) permissions.
 */
export async function makeAdmin(t: TestApp, options: { permissions?: Permission[] } = {}): Promise<SignedIn> {
  const db = t.deps.database.db;
  const username = randomUsername('a');
  const password = 'admin password 1';
  const user = await createUser(db, { username, password });
  const roleName = options.permissions ? `role-${randomBytes(4).toString('hex')}` : 'platform-admin';
  if (options.permissions) {
    const [role] = await queryRows<{ id: string }>(
      db,
      sql`insert into role (name, scope) values (${roleName}, 'platform') returning id`,
    );
    for (const permission of options.permissions) {
      await db.execute(sql`insert into role_permission (role_id, permission_code) values (${role!.id}, ${permission})`);
    }
  }
  await db.execute(
    sql`insert into user_role (user_id, role_id) select ${user.id}, id from role where name = ${roleName}`,
  );
  return signIn(t, 'admin', { username, password });
}

/** A registered user made staff of a merchant with a built-in merchant role, signed in to the merchant portal. */
export async function makeMerchantStaff(
  t: TestApp,
  merchantId: string,
  role: MerchantRoleName = 'merchant-owner',
): Promise<SignedIn> {
  const customer = await registerCustomer(t);
  await grantMerchantRole(t.deps.database.db, { userId: customer.userId, merchantId, role });
  return signIn(t, 'merchant', customer, { merchantId });
}
