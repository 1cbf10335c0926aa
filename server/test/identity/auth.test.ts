import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { grantMerchantRole } from '../../src/modules/identity/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import {
  randomAddress,
  randomPhone,
  randomUsername,
  registerCustomer,
  requestSmsCode,
  signIn,
} from '../support/identity.js';

describe('identity: codes, registration, sign-in, refresh, logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers, remoteAddress: randomAddress() });

  const codeRows = (phone: string) =>
    queryRows<{ code_hash: string; attempts: number; consumed_at: string | null }>(
      t.deps.database.db,
      sql`select code_hash, attempts, consumed_at from sms_code where phone = ${phone} order by created_at`,
    );

  describe('SMS codes', () => {
    it('sends a 6-digit code valid 90 s and keeps only its HMAC', async () => {
      const phone = randomPhone();
      const response = await post('/api/auth/sms-codes', { phone, purpose: 'register' });
      expect(response.statusCode).toBe(202);
      const body = response.json();
      expect(body.expiresIn).toBe(90);
      expect(body.debugCode).toMatch(/^[0-9]{6}$/);
      const [row] = await codeRows(phone);
      expect(row!.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row!.code_hash).not.toContain(body.debugCode);
    });

    it('sends one code per phone and purpose a minute: a second within 60 s is 429 with Retry-After', async () => {
      const phone = randomPhone();
      await requestSmsCode(t, phone, 'register');
      t.clock.advance(20_000);
      const again = await post('/api/auth/sms-codes', { phone, purpose: 'register' });
      expect(again.statusCode).toBe(429);
      expect(again.json().error.code).toBe('RATE_LIMITED');
      expect(again.headers['retry-after']).toBe('40');
      expect(await codeRows(phone)).toHaveLength(1);
      t.clock.advance(40_000);
      expect((await post('/api/auth/sms-codes', { phone, purpose: 'register' })).statusCode).toBe(202);
    });

    it('answers PHONE_TAKEN for a register code to a registered phone', async () => {
      const customer = await registerCustomer(t);
      const response = await post('/api/auth/sms-codes', { phone: customer.phone, purpose: 'register' });
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('PHONE_TAKEN');
    });

    it('answers a login code for an unknown phone like any other, without sending it', async () => {
      const response = await post('/api/auth/sms-codes', { phone: randomPhone(), purpose: 'login' });
      expect(response.statusCode).toBe(202);
      expect(response.json()).toEqual({ expiresIn: 90 });
    });

    it('treats +86 and the bare mainland number as one phone', async () => {
      const phone = randomPhone();
      await requestSmsCode(t, phone, 'register');
      const again = await post('/api/auth/sms-codes', { phone: `+86${phone}`, purpose: 'register' });
      expect(again.statusCode).toBe(429);
    });
  });

  describe('registration', () => {
    it('registers a customer with the code and answers customer tokens and the masked user', async () => {
      const phone = '13800138000';
      const code = await requestSmsCode(t, phone, 'register');
      const response = await post('/api/auth/register', { username: 'Alice_01', phone, password: 'pa55word!', code });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body.user).toMatchObject({
        username: 'Alice_01',
        phone: '138****8000',
        email: null,
        nickname: null,
        avatarUrl: null,
        status: 'active',
        createdAt: t.clock.now().toISOString(),
      });
      expect(body.user).not.toHaveProperty('passwordHash');
      expect(body).toMatchObject({ expiresIn: 900, portal: 'customer', merchantId: null, permissions: [] });
      expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${body.accessToken}` } });
      expect(me.json().username).toBe('Alice_01');
      const [stored] = await queryRows<{ password_hash: string }>(
        t.deps.database.db,
        sql`select password_hash from app_user where id = ${body.user.id}`,
      );
      expect(stored!.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('refuses a taken username case-insensitively, and the code stays usable', async () => {
      const first = await registerCustomer(t);
      const phone = randomPhone();
      const code = await requestSmsCode(t, phone, 'register');
      const taken = await post('/api/auth/register', {
        username: first.username.toUpperCase(),
        phone,
        password: 'pa55word!',
        code,
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error.code).toBe('USERNAME_TAKEN');
      const retry = await post('/api/auth/register', { username: randomUsername(), phone, password: 'pa55word!', code });
      expect(retry.statusCode).toBe(201);
    });

    it('refuses a registered phone with PHONE_TAKEN', async () => {
      const first = await registerCustomer(t);
      const response = await post('/api/auth/register', {
        username: randomUsername(),
        phone: first.phone,
        password: 'pa55word!',
        code: '123456',
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('PHONE_TAKEN');
    });

    it('refuses a wrong code, counts the try, and writes no user', async () => {
      const phone = randomPhone();
      const code = await requestSmsCode(t, phone, 'register');
      const wrong = code === '000000' ? '111111' : '000000';
      const response = await post('/api/auth/register', { username: randomUsername(), phone, password: 'pa55word!', code: wrong });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('INVALID_CODE');
      expect((await codeRows(phone))[0]!.attempts).toBe(1);
      const users = await queryRows(t.deps.database.db, sql`select id from app_user where phone = ${phone}`);
      expect(users).toHaveLength(0);
    });

    it('refuses an expired code (after 90 s)', async () => {
      const phone = randomPhone();
      const code = await requestSmsCode(t, phone, 'register');
      t.clock.advance(90_001);
      const response = await post('/api/auth/register', { username: randomUsername(), phone, password: 'pa55word!', code });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('INVALID_CODE');
    });

    it('refuses a sixth try after five wrong ones, even with the right code', async () => {
      const phone = randomPhone();
      const code = await requestSmsCode(t, phone, 'register');
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i += 1) {
        const response = await post('/api/auth/register', { username: randomUsername(), phone, password: 'pa55word!', code: wrong });
        expect(response.json().error.code).toBe('INVALID_CODE');
      }
      const right = await post('/api/auth/register', { username: randomUsername(), phone, password: 'pa55word!', code });
      expect(right.statusCode).toBe(401);
      expect(right.json().error.code).toBe('INVALID_CODE');
      expect((await codeRows(phone))[0]!.attempts).toBe(5);
    });

    it('uses a code once: the same code for another phone purpose or a second time fails', async () => {
      const customer = await registerCustomer(t);
      const code = await requestSmsCode(t, customer.phone, 'login');
      const first = await post('/api/auth/login', { portal: 'customer', phone: customer.phone, code });
      expect(first.statusCode).toBe(200);
      const reused = await post('/api/auth/login', { portal: 'customer', phone: customer.phone, code });
      expect(reused.statusCode).toBe(401);
      expect(reused.json().error.code).toBe('INVALID_CREDENTIALS');
    });

    it('only the newest code counts once a new one was sent', async () => {
      const customer = await registerCustomer(t);
      const older = await requestSmsCode(t, customer.phone, 'login');
      t.clock.advance(61_000);
      const newer = await requestSmsCode(t, customer.phone, 'login');
      if (older !== newer) {
        const stale = await post('/api/auth/login', { portal: 'customer', phone: customer.phone, code: older });
        expect(stale.statusCode).toBe(401);
      }
      const fresh = await post('/api/auth/login', { portal: 'customer', phone: customer.phone, code: newer });
      expect(fresh.statusCode).toBe(200);
    });
  });

  describe('sign-in', () => {
    it('signs in with username and password, phone and password, and phone and code', async () => {
      const customer = await registerCustomer(t);
      const byUsername = await post('/api/auth/login', {
        portal: 'customer',
        username: customer.username.toUpperCase(),
        password: customer.password,
      });
      expect(byUsername.statusCode).toBe(200);
      expect(byUsername.json().user.id).toBe(customer.userId);

      const byPhone = await post('/api/auth/login', { portal: 'customer', phone: customer.phone, password: customer.password });
      expect(byPhone.statusCode).toBe(200);

      const code = await requestSmsCode(t, customer.phone, 'login');
      const byCode = await post('/api/auth/login', { portal: 'customer', phone: customer.phone, code });
      expect(byCode.statusCode).toBe(200);
      expect(byCode.json()).toMatchObject({ portal: 'customer', permissions: [] });
    });

    it('answers the same INVALID_CREDENTIALS for a wrong password, an unknown user and a wrong code', async () => {
      const customer = await registerCustomer(t);
      const answers = [
        await post('/api/auth/login', { portal: 'customer', username: customer.username, password: 'wrong password' }),
        await post('/api/auth/login', { portal: 'customer', username: randomUsername(), password: customer.password }),
        await post('/api/auth/login', { portal: 'customer', phone: randomPhone(), password: customer.password }),
        await post('/api/auth/login', { portal: 'customer', phone: customer.phone, code: '123456' }),
      ];
      for (const answer of answers) {
        expect(answer.statusCode).toBe(401);
        expect(answer.json().error).toEqual({ code: 'INVALID_CREDENTIALS', message: 'The sign-in details are not right' });
      }
    });

    it('refuses a disabled account with ACCOUNT_DISABLED, only after the password is right', async () => {
      const customer = await registerCustomer(t);
      await t.deps.database.db.execute(sql`update app_user set status = 'disabled' where id = ${customer.userId}`);
      const wrong = await post('/api/auth/login', { portal: 'customer', username: customer.username, password: 'nope nope' });
      expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
      const right = await post('/api/auth/login', { portal: 'customer', username: customer.username, password: customer.password });
      expect(right.statusCode).toBe(403);
      expect(right.json().error.code).toBe('ACCOUNT_DISABLED');
    });

    it('refuses the admin portal to a plain customer with FORBIDDEN', async () => {
      const customer = await registerCustomer(t);
      const response = await post('/api/auth/login', { portal: 'admin', username: customer.username, password: customer.password });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    });

    it('opens the merchant portal to anyone; staff get their merchant and its role permissions', async () => {
      const customer = await registerCustomer(t);
      const outsider = await signIn(t, 'merchant', customer);
      expect(outsider.merchantId).toBeNull();
      expect(outsider.permissions).toEqual([]);
    });

    it('wants exactly one of username and phone, and one of password and code', async () => {
      const cases = [
        [{ portal: 'customer', password: 'x' }, 'body.username'],
        [{ portal: 'customer', username: 'abc', phone: '13800138000', password: 'x' }, 'body.username'],
        [{ portal: 'customer', username: 'abc' }, 'body.password'],
        [{ portal: 'customer', phone: '13800138000', password: 'x', code: '123456' }, 'body.password'],
        [{ portal: 'customer', username: 'abc', code: '123456' }, 'body.code'],
        [{ portal: 'customer', username: 'abc', password: 'x', merchantId: '00000000-0000-4000-8000-000000000000' }, 'body.merchantId'],
      ] as const;
      for (const [payload, field] of cases) {
        const response = await post('/api/auth/login', payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
        expect(response.json().error.code).toBe('VALIDATION_FAILED');
        expect(response.json().error.details.fields[0].field).toBe(field);
      }
    });
  });

  describe('refresh and logout', () => {
    it('rotates a refresh token: the new pair works, the old token is spent', async () => {
      const customer = await registerCustomer(t);
      const rotated = await post('/api/auth/refresh', { refreshToken: customer.refreshToken });
      expect(rotated.statusCode).toBe(200);
      const body = rotated.json();
      expect(body.refreshToken).not.toBe(customer.refreshToken);
      expect(body.user.id).toBe(customer.userId);
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${body.accessToken}` } });
      expect(me.statusCode).toBe(200);
      const again = await post('/api/auth/refresh', { refreshToken: body.refreshToken });
      expect(again.statusCode).toBe(200);
    });

    it('a reused refresh token answers TOKEN_REUSED and revokes the family, the newest token included', async () => {
      const customer = await registerCustomer(t);
      const first = (await post('/api/auth/refresh', { refreshToken: customer.refreshToken })).json();
      const second = (await post('/api/auth/refresh', { refreshToken: first.refreshToken })).json();
      const replay = await post('/api/auth/refresh', { refreshToken: customer.refreshToken });
      expect(replay.statusCode).toBe(401);
      expect(replay.json().error.code).toBe('TOKEN_REUSED');
      const newest = await post('/api/auth/refresh', { refreshToken: second.refreshToken });
      expect(newest.statusCode).toBe(401);
      expect(newest.json().error.code).toBe('INVALID_TOKEN');
    });

    it('leaves other sign-ins (other families) alone when one family is revoked', async () => {
      const customer = await registerCustomer(t);
      const other = await signIn(t, 'customer', customer);
      await post('/api/auth/refresh', { refreshToken: customer.refreshToken });
      await post('/api/auth/refresh', { refreshToken: customer.refreshToken });
      expect((await post('/api/auth/refresh', { refreshToken: other.refreshToken })).statusCode).toBe(200);
    });

    it('answers INVALID_TOKEN for an unknown or expired refresh token', async () => {
      const unknown = await post('/api/auth/refresh', { refreshToken: 'not-a-token' });
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json().error.code).toBe('INVALID_TOKEN');
      const customer = await registerCustomer(t);
      t.clock.advance(31 * 86_400_000);
      const expired = await post('/api/auth/refresh', { refreshToken: customer.refreshToken });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().error.code).toBe('INVALID_TOKEN');
    });

    it('re-resolves the claims on refresh: new staff get their merchant, disabled users are refused', async () => {
      const customer = await registerCustomer(t);
      const merchant = await signIn(t, 'merchant', customer);
      expect(merchant.merchantId).toBeNull();
      const merchantId = '6f1c2b8e-5d4a-4c3b-9a2e-1f0e9d8c7b6a';
      await grantMerchantRole(t.deps.database.db, { userId: customer.userId, merchantId, role: 'merchant-gate' });
      const refreshed = await post('/api/auth/refresh', { refreshToken: merchant.refreshToken });
      expect(refreshed.statusCode).toBe(200);
      expect(refreshed.json()).toMatchObject({ portal: 'merchant', merchantId, permissions: ['merchant.checkin'] });

      await t.deps.database.db.execute(sql`update app_user set status = 'disabled' where id = ${customer.userId}`);
      const refused = await post('/api/auth/refresh', { refreshToken: refreshed.json().refreshToken });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('ACCOUNT_DISABLED');
    });

    it('logout revokes the family and answers 204, also for an unknown token', async () => {
      const customer = await registerCustomer(t);
      const rotated = (await post('/api/auth/refresh', { refreshToken: customer.refreshToken })).json();
      const out = await post('/api/auth/logout', { refreshToken: rotated.refreshToken });
      expect(out.statusCode).toBe(204);
      const after = await post('/api/auth/refresh', { refreshToken: rotated.refreshToken });
      expect(after.json().error.code).toBe('INVALID_TOKEN');
      expect((await post('/api/auth/logout', { refreshToken: 'unknown' })).statusCode).toBe(204);
    });
  });

  it('documents every identity route in the OpenAPI spec', async () => {
    const paths = Object.keys((await t.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths);
    for (const path of [
      '/api/auth/sms-codes',
      '/api/auth/register',
      '/api/auth/login',
      '/api/auth/refresh',
      '/api/auth/logout',
      '/api/auth/qr-logins',
      '/api/auth/qr-logins/{id}/confirm',
      '/api/auth/qr-logins/{id}',
      '/api/me',
      '/api/me/password',
      '/api/admin/users',
      '/api/admin/users/{id}',
      '/api/admin/permissions',
      '/api/admin/roles',
      '/api/admin/roles/{id}',
      '/api/admin/groups',
      '/api/admin/groups/{id}',
    ]) {
      expect(paths).toContain(path);
    }
  });
});
