import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { makeAdmin, randomAddress, registerCustomer, requestSmsCode, signIn } from '../support/identity.js';

describe('identity: /api/me and password reset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/me', headers });
  const patchMe = (headers: Record<string, string>, payload: object) =>
    t.app.inject({ method: 'PATCH', url: '/api/me', headers, payload });
  const reset = (payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/me/password', payload, headers, remoteAddress: randomAddress() });

  it('shows the signed-in user with the phone masked, to tokens of all three portals', async () => {
    const customer = await registerCustomer(t, { phone: '13912345678' });
    const merchant = await signIn(t, 'merchant', customer);
    const admin = await makeAdmin(t);
    const mine = await me(customer.headers);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual({
      id: customer.userId,
      username: customer.username,
      phone: '139****5678',
      email: null,
      nickname: null,
      avatarUrl: null,
      status: 'active',
      createdAt: expect.any(String),
    });
    expect((await me(merchant.headers)).json().id).toBe(customer.userId);
    expect((await me(admin.headers)).json().id).toBe(admin.userId);
  });

  it('needs a valid token', async () => {
    expect((await me({})).statusCode).toBe(401);
    expect((await me({ authorization: 'Bearer not.a.token' })).statusCode).toBe(401);
  });

  it('changes nickname, email and avatar, and clears one with null', async () => {
    const customer = await registerCustomer(t);
    const changed = await patchMe(customer.headers, {
      nickname: '小明',
      email: 'ming@example.com',
      avatarUrl: 'https://img.example.com/a.png',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ nickname: '小明', email: 'ming@example.com', avatarUrl: 'https://img.example.com/a.png' });
    const cleared = await patchMe(customer.headers, { avatarUrl: null });
    expect(cleared.json()).toMatchObject({ nickname: '小明', avatarUrl: null });
  });

  it('refuses an email of another account, case-insensitively, with EMAIL_TAKEN', async () => {
    const [one, two] = [await registerCustomer(t), await registerCustomer(t)];
    await patchMe(one.headers, { email: 'shared@example.com' });
    const taken = await patchMe(two.headers, { email: 'Shared@Example.com' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('EMAIL_TAKEN');
    expect((await me(two.headers)).json().email).toBeNull();
  });

  it('resets a forgotten password with a reset code and ends every session', async () => {
    const customer = await registerCustomer(t);
    const other = await signIn(t, 'customer', customer);
    const code = await requestSmsCode(t, customer.phone, 'reset-password');
    const response = await reset({ phone: customer.phone, code, newPassword: 'brand new secret' });
    expect(response.statusCode).toBe(204);

    for (const refreshToken of [customer.refreshToken, other.refreshToken]) {
      const refreshed = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });
      expect(refreshed.json().error.code).toBe('INVALID_TOKEN');
    }
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { portal: 'customer', username: customer.username, password: customer.password },
    });
    expect(old.statusCode).toBe(401);
    await signIn(t, 'customer', { username: customer.username, password: 'brand new secret' });
  });

  it('refuses a wrong, reused or login-purpose code with INVALID_CODE, leaving the password', async () => {
    const customer = await registerCustomer(t);
    const loginCode = await requestSmsCode(t, customer.phone, 'login');
    const wrongPurpose = await reset({ phone: customer.phone, code: loginCode, newPassword: 'brand new secret' });
    expect(wrongPurpose.statusCode).toBe(401);
    expect(wrongPurpose.json().error.code).toBe('INVALID_CODE');

    const code = await requestSmsCode(t, customer.phone, 'reset-password');
    expect((await reset({ phone: customer.phone, code, newPassword: 'brand new secret' })).statusCode).toBe(204);
    const reused = await reset({ phone: customer.phone, code, newPassword: 'another secret!' });
    expect(reused.json().error.code).toBe('INVALID_CODE');
    await signIn(t, 'customer', { username: customer.username, password: 'brand new secret' });
  });

  it('signed in, resets only the user\'s own phone (PHONE_MISMATCH otherwise)', async () => {
    const [one, two] = [await registerCustomer(t), await registerCustomer(t)];
    const code = await requestSmsCode(t, two.phone, 'reset-password');
    const response = await reset({ phone: two.phone, code, newPassword: 'brand new secret' }, one.headers);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('PHONE_MISMATCH');
    const own = await reset({ phone: two.phone, code, newPassword: 'brand new secret' }, two.headers);
    expect(own.statusCode).toBe(204);
  });

  it('sends no reset code to an unknown phone, and nothing can be reset there', async () => {
    const phone = '13700000001';
    const sent = await t.app.inject({ method: 'POST', url: '/api/auth/sms-codes', payload: { phone, purpose: 'reset-password' } });
    expect(sent.json()).toEqual({ expiresIn: 90 });
    const response = await reset({ phone, code: '123456', newPassword: 'brand new secret' });
    expect(response.json().error.code).toBe('INVALID_CODE');
    const users = await queryRows(t.deps.database.db, sql`select id from app_user where phone = ${phone}`);
    expect(users).toHaveLength(0);
  });
});
