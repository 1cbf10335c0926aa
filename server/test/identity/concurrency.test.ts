import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { randomAddress, randomPhone, randomUsername, registerCustomer, requestSmsCode } from '../support/identity.js';

/** Rules that must hold when the same thing is asked many times at once. */
describe('identity: parallel requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, payload, remoteAddress: randomAddress() });

  it('20 parallel registrations of one phone: exactly one 201, the rest 409 PHONE_TAKEN, no 5xx', async () => {
    const phone = randomPhone();
    const code = await requestSmsCode(t, phone, 'register');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        post('/api/auth/register', { username: randomUsername(), phone, password: 'pa55word!', code }),
      ),
    );
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    for (const answer of answers.filter((a) => a.statusCode === 409)) expect(answer.json().error.code).toBe('PHONE_TAKEN');
    const users = await queryRows(t.deps.database.db, sql`select id from app_user where phone = ${phone}`);
    expect(users).toHaveLength(1);
  });

  it('parallel registrations of one username with different phones: exactly one wins, the rest USERNAME_TAKEN', async () => {
    const username = randomUsername();
    const phones = Array.from({ length: 8 }, () => randomPhone());
    const codes = await Promise.all(phones.map((phone) => requestSmsCode(t, phone, 'register')));
    const answers = await Promise.all(
      phones.map((phone, i) => post('/api/auth/register', { username, phone, password: 'pa55word!', code: codes[i] })),
    );
    expect(answers.filter((answer) => answer.statusCode === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.statusCode === 409 && answer.json().error.code === 'USERNAME_TAKEN')).toHaveLength(7);
  });

  it('two parallel refreshes of one token: exactly one succeeds', async () => {
    const customer = await registerCustomer(t);
    const answers = await Promise.all([
      post('/api/auth/refresh', { refreshToken: customer.refreshToken }),
      post('/api/auth/refresh', { refreshToken: customer.refreshToken }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 401]);
  });

  it('parallel code sends to one phone: exactly one is sent, the rest 429', async () => {
    const phone = randomPhone();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => post('/api/auth/sms-codes', { phone, purpose: 'register' })),
    );
    expect(answers.filter((answer) => answer.statusCode === 202)).toHaveLength(1);
    expect(answers.filter((answer) => answer.statusCode === 429)).toHaveLength(5);
  });

  it('parallel sign-ins with one login code: exactly one gets in', async () => {
    const customer = await registerCustomer(t);
    const code = await requestSmsCode(t, customer.phone, 'login');
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => post('/api/auth/login', { portal: 'customer', phone: customer.phone, code })),
    );
    expect(answers.filter((answer) => answer.statusCode === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.statusCode === 401)).toHaveLength(5);
  });

  it('parallel wrong guesses never get more than five tries of a code', async () => {
    const customer = await registerCustomer(t);
    const code = await requestSmsCode(t, customer.phone, 'login');
    const guesses = Array.from({ length: 8 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
    await Promise.all(guesses.map((guess) => post('/api/auth/login', { portal: 'customer', phone: customer.phone, code: guess })));
    const [row] = await queryRows<{ attempts: number }>(
      t.deps.database.db,
      sql`select attempts from sms_code where phone = ${customer.phone} and purpose = 'login'`,
    );
    expect(row!.attempts).toBe(5);
    const right = await post('/api/auth/login', { portal: 'customer', phone: customer.phone, code });
    expect(right.statusCode).toBe(401);
  });
});
