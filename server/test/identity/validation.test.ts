import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { makeAdmin, randomAddress, randomPhone, randomUsername, registerCustomer, requestSmsCode, type SignedIn } from '../support/identity.js';

const LONG = 'x'.repeat(300);
const SOME_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

interface Case {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  payload?: unknown;
  as?: 'customer' | 'admin';
  field: string;
}

describe('identity: bad input is refused with the field named, and writes nothing', () => {
  let t: TestApp;
  let customer: SignedIn;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    customer = await registerCustomer(t);
    admin = await makeAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const counts = async () => {
    const [row] = await queryRows<Record<string, number>>(
      t.deps.database.db,
      sql`select (select count(*)::int from app_user) as users, (select count(*)::int from sms_code) as codes,
                 (select count(*)::int from refresh_token) as tokens, (select count(*)::int from qr_login) as qr,
                 (select count(*)::int from role) as roles, (select count(*)::int from user_group) as groups,
                 (select count(*)::int from user_role) as grants,
                 (select count(*)::int from app_user where status <> 'active' or email is not null or nickname is not null) as changed`,
    );
    return row;
  };

  const cases: Case[] = [
    { method: 'POST', url: '/api/auth/sms-codes', payload: {}, field: 'body.phone' },
    { method: 'POST', url: '/api/auth/sms-codes', payload: { phone: 13800138000, purpose: 'login' }, field: 'body.phone' },
    { method: 'POST', url: '/api/auth/sms-codes', payload: { phone: '12345678901', purpose: 'login' }, field: 'body.phone' },
    { method: 'POST', url: '/api/auth/sms-codes', payload: { phone: '13800138000', purpose: 'spam' }, field: 'body.purpose' },
    { method: 'POST', url: '/api/auth/sms-codes', payload: { phone: '13800138000', purpose: 'login', x: 1 }, field: 'body.x' },

    { method: 'POST', url: '/api/auth/register', payload: { username: 'abc', phone: '13800138000', password: 'long enough' }, field: 'body.code' },
    { method: 'POST', url: '/api/auth/register', payload: { username: 12345, phone: '13800138000', password: 'long enough', code: '123456' }, field: 'body.username' },
    { method: 'POST', url: '/api/auth/register', payload: { username: 'a'.repeat(33), phone: '13800138000', password: 'long enough', code: '123456' }, field: 'body.username' },
    { method: 'POST', url: '/api/auth/register', payload: { username: 'bad name', phone: '13800138000', password: 'long enough', code: '123456' }, field: 'body.username' },
    { method: 'POST', url: '/api/auth/register', payload: { username: 'abc', phone: '13800138000', password: 'short', code: '123456' }, field: 'body.password' },
    { method: 'POST', url: '/api/auth/register', payload: { username: 'abc', phone: '13800138000', password: 'p'.repeat(129), code: '123456' }, field: 'body.password' },
    { method: 'POST', url: '/api/auth/register', payload: { username: 'abc', phone: '13800138000', password: 'long enough', code: 123456 }, field: 'body.code' },
    { method: 'POST', url: '/api/auth/register', payload: { username: 'abc', phone: '13800138000', password: 'long enough', code: '123456', role: 'admin' }, field: 'body.role' },

    { method: 'POST', url: '/api/auth/login', payload: { username: 'abc', password: 'x' }, field: 'body.portal' },
    { method: 'POST', url: '/api/auth/login', payload: { portal: 'root', username: 'abc', password: 'x' }, field: 'body.portal' },
    { method: 'POST', url: '/api/auth/login', payload: { portal: 'customer', username: 42, password: 'x' }, field: 'body.username' },
    { method: 'POST', url: '/api/auth/login', payload: { portal: 'customer', username: 'abc', password: LONG }, field: 'body.password' },
    { method: 'POST', url: '/api/auth/login', payload: { portal: 'customer', username: 'abc', password: 'x', remember: true }, field: 'body.remember' },
    { method: 'POST', url: '/api/auth/login', payload: { portal: 'merchant', username: 'abc', password: 'x', merchantId: 'm1' }, field: 'body.merchantId' },

    { method: 'POST', url: '/api/auth/refresh', payload: {}, field: 'body.refreshToken' },
    { method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: 7 }, field: 'body.refreshToken' },
    { method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: LONG }, field: 'body.refreshToken' },
    { method: 'POST', url: '/api/auth/logout', payload: { refreshToken: 'x', all: true }, field: 'body.all' },

    { method: 'GET', url: '/api/auth/qr-logins/not-a-uuid', field: 'params.id' },
    { method: 'POST', url: '/api/auth/qr-logins/not-a-uuid/confirm', as: 'customer', field: 'params.id' },

    { method: 'PATCH', url: '/api/me', as: 'customer', payload: { nickname: 'n'.repeat(33) }, field: 'body.nickname' },
    { method: 'PATCH', url: '/api/me', as: 'customer', payload: { nickname: 5 }, field: 'body.nickname' },
    { method: 'PATCH', url: '/api/me', as: 'customer', payload: { email: 'not-an-email' }, field: 'body.email' },
    { method: 'PATCH', url: '/api/me', as: 'customer', payload: { avatarUrl: 'javascript:alert(1)' }, field: 'body.avatarUrl' },
    { method: 'PATCH', url: '/api/me', as: 'customer', payload: { username: 'renamed' }, field: 'body.username' },
    { method: 'POST', url: '/api/me/password', payload: { phone: '13800138000', code: '123456' }, field: 'body.newPassword' },
    { method: 'POST', url: '/api/me/password', payload: { phone: '13800138000', code: '12ab56', newPassword: 'long enough' }, field: 'body.code' },

    { method: 'GET', url: '/api/admin/users?pageSize=1000', as: 'admin', field: 'querystring.pageSize' },
    { method: 'GET', url: '/api/admin/users?status=zombie', as: 'admin', field: 'querystring.status' },
    { method: 'GET', url: `/api/admin/users?q=${'q'.repeat(65)}`, as: 'admin', field: 'querystring.q' },
    { method: 'PATCH', url: `/api/admin/users/${SOME_ID}`, as: 'admin', payload: { status: 'gone' }, field: 'body.status' },
    { method: 'PATCH', url: `/api/admin/users/${SOME_ID}`, as: 'admin', payload: { roles: [{ roleId: 'x' }] }, field: 'body.roles.0.roleId' },
    { method: 'PATCH', url: `/api/admin/users/${SOME_ID}`, as: 'admin', payload: { password: 'reset it' }, field: 'body.password' },
    { method: 'PATCH', url: '/api/admin/users/nope', as: 'admin', payload: { status: 'active' }, field: 'params.id' },
    { method: 'POST', url: '/api/admin/roles', as: 'admin', payload: { name: 'ok-name', permissions: [] }, field: 'body.scope' },
    { method: 'POST', url: '/api/admin/roles', as: 'admin', payload: { name: 'x', scope: 'platform', permissions: [] }, field: 'body.name' },
    { method: 'POST', url: '/api/admin/roles', as: 'admin', payload: { name: 'ok-name', scope: 'platform', permissions: 'users.read' }, field: 'body.permissions' },
    { method: 'POST', url: '/api/admin/roles', as: 'admin', payload: { name: 'ok-name', scope: 'platform', permissions: [], builtIn: true }, field: 'body.builtIn' },
    { method: 'PATCH', url: `/api/admin/roles/${SOME_ID}`, as: 'admin', payload: { name: 5 }, field: 'body.name' },
    { method: 'PATCH', url: `/api/admin/roles/${SOME_ID}`, as: 'admin', payload: { scope: 'merchant' }, field: 'body.scope' },
    { method: 'POST', url: '/api/admin/groups', as: 'admin', payload: { name: LONG }, field: 'body.name' },
    { method: 'POST', url: '/api/admin/groups', as: 'admin', payload: { name: 'Crew', memberIds: ['nope'] }, field: 'body.memberIds.0' },
    { method: 'PATCH', url: `/api/admin/groups/${SOME_ID}`, as: 'admin', payload: { roles: 'all' }, field: 'body.roles' },
  ];

  it('answers 400 VALIDATION_FAILED naming the field, for every identity route', async () => {
    const before = await counts();
    for (const c of cases) {
      const headers = c.as === 'customer' ? customer.headers : c.as === 'admin' ? admin.headers : {};
      const response = await t.app.inject({
        method: c.method,
        url: c.url,
        headers,
        remoteAddress: randomAddress(),
        ...(c.payload !== undefined ? { payload: c.payload as object } : {}),
      });
      const label = `${c.method} ${c.url} ${JSON.stringify(c.payload)}`;
      expect(response.statusCode, label).toBe(400);
      const error = response.json().error;
      expect(error.code, label).toBe('VALIDATION_FAILED');
      expect(error.details.fields.map((f: { field: string }) => f.field), label).toContain(c.field);
    }
    expect(await counts()).toEqual(before);
  });

  it('answers 400 MALFORMED_BODY to broken JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"portal": "customer", "username": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('MALFORMED_BODY');
  });

  it('replays a register retried with the same Idempotency-Key, and refuses the key with another body', async () => {
    const phone = randomPhone();
    const code = await requestSmsCode(t, phone, 'register');
    const body = { username: randomUsername(), phone, password: 'pa55word!', code };
    const headers = { 'idempotency-key': `register-${phone}` };
    const first = await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: body, headers });
    expect(first.statusCode).toBe(201);
    const replay = await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: body, headers });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    const users = await queryRows(t.deps.database.db, sql`select id from app_user where phone = ${phone}`);
    expect(users).toHaveLength(1);

    const other = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { ...body, username: randomUsername() },
      headers,
    });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('identity: limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '2048', RATE_LIMIT_PER_ACCOUNT: '3', RATE_LIMIT_PER_ADDRESS: '8' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 413 PAYLOAD_TOO_LARGE to a body over the limit, writing nothing', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { username: 'abc', phone: '13800138000', password: 'p'.repeat(3000), code: '123456' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('limits sign-in attempts per account (username or phone) with 429 and Retry-After', async () => {
    const customer = await registerCustomer(t);
    const attempt = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { portal: 'customer', ...payload }, remoteAddress: randomAddress() });
    for (let i = 0; i < 3; i += 1) {
      expect((await attempt({ username: customer.username, password: 'wrong password' })).statusCode).toBe(401);
    }
    const limited = await attempt({ username: customer.username.toUpperCase(), password: customer.password });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(900);

    const other = await registerCustomer(t);
    expect((await attempt({ username: other.username, password: other.password })).statusCode).toBe(200);

    t.clock.advance(15 * 60_000);
    expect((await attempt({ username: customer.username, password: customer.password })).statusCode).toBe(200);
  });

  it('limits one address across the sign-in, SMS, registration, refresh and QR routes', async () => {
    const address = '203.0.113.9';
    const from = (method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, remoteAddress: address, ...(payload ? { payload } : {}) });
    const answers = [
      await from('POST', '/api/auth/login', { portal: 'customer', username: 'nobody1', password: 'x' }),
      await from('POST', '/api/auth/sms-codes', { phone: randomPhone(), purpose: 'login' }),
      await from('POST', '/api/auth/register', { username: 'nobody2', phone: randomPhone(), password: 'long enough', code: '000000' }),
      await from('POST', '/api/auth/refresh', { refreshToken: 'unknown' }),
      await from('POST', '/api/auth/qr-logins'),
      await from('POST', '/api/auth/login', { portal: 'customer', username: 'nobody3', password: 'x' }),
      await from('POST', '/api/auth/login', { portal: 'customer', username: 'nobody4', password: 'x' }),
      await from('POST', '/api/auth/login', { portal: 'customer', username: 'nobody5', password: 'x' }),
    ];
    expect(answers.map((answer) => answer.statusCode)).not.toContain(429);
    const limited = await from('POST', '/api/auth/qr-logins');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
