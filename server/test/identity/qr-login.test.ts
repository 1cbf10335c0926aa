import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { makeAdmin, registerCustomer, signIn } from '../support/identity.js';

describe('identity: QR login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const start = async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/qr-logins' });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; qrContent: string; expiresAt: string };
  };
  const poll = (id: string) => t.app.inject({ method: 'GET', url: `/api/auth/qr-logins/${id}` });
  const confirm = (id: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/auth/qr-logins/${id}/confirm`, headers });

  it('pending -> confirmed by a signed-in phone -> the first poll takes customer tokens, once', async () => {
    const customer = await registerCustomer(t);
    const request = await start();
    expect(request.qrContent).toBe(`boxoffice:qr-login:${request.id}`);
    expect(request.expiresAt).toBe(new Date(t.clock.now().getTime() + 120_000).toISOString());
    expect((await poll(request.id)).json()).toEqual({ status: 'pending' });

    const approved = await confirm(request.id, customer.headers);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toEqual({ status: 'confirmed' });

    const first = await poll(request.id);
    expect(first.statusCode).toBe(200);
    const tokens = first.json();
    expect(tokens).toMatchObject({ status: 'confirmed', expiresIn: 900 });
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(me.json().id).toBe(customer.userId);
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: tokens.refreshToken },
    });
    expect(refreshed.json().portal).toBe('customer');

    const second = await poll(request.id);
    expect(second.json()).toEqual({ status: 'expired' });
  });

  it('gives the tokens to exactly one of parallel polls', async () => {
    const customer = await registerCustomer(t);
    const request = await start();
    await confirm(request.id, customer.headers);
    const polls = await Promise.all(Array.from({ length: 5 }, () => poll(request.id)));
    expect(polls.filter((response) => response.json().accessToken).length).toBe(1);
  });

  it('a second approval answers 409 QR_LOGIN_ALREADY_CONFIRMED', async () => {
    const [one, two] = [await registerCustomer(t), await registerCustomer(t)];
    const request = await start();
    expect((await confirm(request.id, one.headers)).statusCode).toBe(200);
    const again = await confirm(request.id, two.headers);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('QR_LOGIN_ALREADY_CONFIRMED');
  });

  it('expires after 2 minutes: polls say expired and approval is 422 QR_LOGIN_EXPIRED', async () => {
    const customer = await registerCustomer(t);
    const request = await start();
    t.clock.advance(120_000);
    expect((await poll(request.id)).json()).toEqual({ status: 'expired' });
    const late = await confirm(request.id, customer.headers);
    expect(late.statusCode).toBe(422);
    expect(late.json().error.code).toBe('QR_LOGIN_EXPIRED');
  });

  it('answers 404 for an unknown request, to polls and approvals', async () => {
    const customer = await registerCustomer(t);
    const unknown = '3b0c6a3e-8f55-4a57-9d0e-2b7a8c1d4e5f';
    expect((await poll(unknown)).statusCode).toBe(404);
    expect((await confirm(unknown, customer.headers)).statusCode).toBe(404);
  });

  it('takes approval only from a customer token: none, an admin or a merchant token is 401', async () => {
    const customer = await registerCustomer(t);
    const admin = await makeAdmin(t);
    const merchant = await signIn(t, 'merchant', customer);
    const request = await start();
    for (const headers of [{}, admin.headers, merchant.headers]) {
      const response = await confirm(request.id, headers);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('UNAUTHENTICATED');
    }
    expect((await poll(request.id)).json()).toEqual({ status: 'pending' });
  });
});
