import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { createUser } from '../../src/modules/identity/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createActor, type TestActor } from '../support/actors.js';
import { venueCounts, venueFields } from '../support/venues.js';

describe('merchant applications and their review', () => {
  let t: TestApp;
  let admin: TestActor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createActor(t, 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const apply = (actor: TestActor, body: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/merchant/applications', headers: actor.headers, payload: body as object });
  const application = (overrides: Record<string, unknown> = {}) => ({
    merchantName: '和平影业',
    venue: venueFields(),
    ...overrides,
  });
  const review = (id: string, action: 'approve' | 'reject', body?: object, actor: TestActor = admin) =>
    t.app.inject({
      method: 'POST',
      url: `/api/admin/merchants/${id}/${action}`,
      headers: actor.headers,
      ...(body ? { payload: body } : {}),
    });
  const newApplicant = () => createActor(t, 'merchant', { permissions: [] });
  const rolesOf = (userId: string) =>
    queryRows<{ name: string; merchant_id: string }>(
      t.deps.database.db,
      sql`select r.name, ur.merchant_id from user_role ur join role r on r.id = ur.role_id where ur.user_id = ${userId}`,
    );

  describe('applying', () => {
    it('creates a pending merchant with its first venue, pending too', async () => {
      const applicant = await newApplicant();
      const response = await apply(
        applicant,
        application({ venue: venueFields({ latitude: 31.2304, longitude: 121.4737, phone: '021-63223788' }) }),
      );
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body).toMatchObject({
        name: '和平影业',
        status: 'pending',
        rejectReason: null,
        reviewedAt: null,
        createdAt: '2026-11-20T08:00:00.000Z',
        venues: [
          {
            name: '和平影城',
            kind: 'cinema',
            cityCode: '310100',
            timezone: 'Asia/Shanghai',
            latitude: 31.2304,
            longitude: 121.4737,
            phone: '021-63223788',
            cleaningBufferMinutes: 15,
            status: 'pending',
          },
        ],
      });
      expect(body.venues[0].merchantId).toBe(body.id);

      const mine = await t.app.inject({ method: 'GET', url: '/api/merchant/applications', headers: applicant.headers });
      expect(mine.statusCode).toBe(200);
      expect(mine.json()).toMatchObject({ total: 1, page: 1, pageSize: 20, items: [{ id: body.id, status: 'pending' }] });
    });

    it('shows each user only their own applications', async () => {
      const someone = await newApplicant();
      const response = await t.app.inject({ method: 'GET', url: '/api/merchant/applications', headers: someone.headers });
      expect(response.json()).toMatchObject({ total: 0, items: [] });
    });

    it('allows one pending application per user: 409 APPLICATION_PENDING', async () => {
      const applicant = await newApplicant();
      expect((await apply(applicant, application())).statusCode).toBe(201);
      const before = await venueCounts(t);
      const second = await apply(applicant, application({ merchantName: 'Another' }));
      expect(second.statusCode).toBe(409);
      expect(second.json().error.code).toBe('APPLICATION_PENDING');
      expect(await venueCounts(t)).toEqual(before);
    });

    it('lets exactly one of many parallel applications of one user in', async () => {
      const applicant = await newApplicant();
      const responses = await Promise.all(Array.from({ length: 6 }, () => apply(applicant, application())));
      expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      const [row] = await queryRows<{ merchants: number; venues: number }>(
        t.deps.database.db,
        sql`select count(distinct m.id)::int as merchants, count(v.id)::int as venues
            from merchant m join venue v on v.merchant_id = m.id where m.applicant_user_id = ${applicant.userId}`,
      );
      expect(row).toEqual({ merchants: 1, venues: 1 });
    });

    it('refuses an unknown city with 422 UNKNOWN_CITY and writes nothing', async () => {
      const before = await venueCounts(t);
      const response = await apply(await newApplicant(), application({ venue: venueFields({ cityCode: '999900' }) }));
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'UNKNOWN_CITY', details: { cityCode: '999900' } });
      expect(await venueCounts(t)).toEqual(before);
    });

    it.each(['Mars/Olympus', '+08:00', 'CST'])('refuses the time zone %j with 422 INVALID_TIMEZONE', async (timezone) => {
      const before = await venueCounts(t);
      const response = await apply(await newApplicant(), application({ venue: venueFields({ timezone }) }));
      expect(response.statusCode).toBe(422);
      expect(response.json().error.code).toBe('INVALID_TIMEZONE');
      expect(await venueCounts(t)).toEqual(before);
    });

    it.each([
      ['an unknown field', application({ extra: true })],
      ['an unknown venue field', application({ venue: { ...venueFields(), seats: 5 } })],
      ['an unknown kind', application({ venue: venueFields({ kind: 'arena' as 'cinema' }) })],
      ['a number for a name', application({ merchantName: 42 })],
      ['a blank name', application({ merchantName: '   ' })],
      ['a latitude out of range', application({ venue: venueFields({ latitude: 91 }) })],
      ['a latitude as text', application({ venue: { ...venueFields(), latitude: '31.2' } })],
      ['a malformed city code', application({ venue: venueFields({ cityCode: 'SH' }) })],
      ['no venue', { merchantName: 'x' }],
    ])('answers %s with 400 VALIDATION_FAILED and writes nothing', async (_what, body) => {
      const before = await venueCounts(t);
      const response = await apply(await newApplicant(), body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(await venueCounts(t)).toEqual(before);
    });

    it('needs a merchant-portal token', async () => {
      expect((await t.app.inject({ method: 'POST', url: '/api/merchant/applications', payload: application() })).statusCode).toBe(401);
      const customer = await createActor(t, 'customer');
      expect((await apply(customer, application())).statusCode).toBe(401);
      expect((await apply(admin, application())).statusCode).toBe(401);
    });

    it('keeps a user who only applied out of everything else: 403 MERCHANT_NOT_APPROVED', async () => {
      const applicant = await newApplicant();
      await apply(applicant, application());
      for (const [method, url] of [
        ['GET', '/api/merchant/venues'],
        ['POST', '/api/merchant/venues'],
        ['GET', `/api/merchant/venues/${randomUUID()}/halls`],
        ['GET', '/api/merchant/staff'],
        ['GET', '/api/merchant/licences'],
      ] as const) {
        const response = await t.app.inject({
          method,
          url,
          headers: applicant.headers,
          ...(method === 'POST' ? { payload: venueFields() } : {}),
        });
        expect([url, response.statusCode, response.json().error.code]).toEqual([url, 403, 'MERCHANT_NOT_APPROVED']);
      }
    });
  });

  describe('review', () => {
    it('lists pending applications with their applicant and venues', async () => {
      const applicant = await newApplicant();
      const created = (await apply(applicant, application({ merchantName: 'Queue Cinemas' }))).json();
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/admin/merchants?status=pending&q=queue&pageSize=5',
        headers: admin.headers,
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({ total: 1, page: 1, pageSize: 5 });
      expect(body.items[0]).toMatchObject({
        id: created.id,
        name: 'Queue Cinemas',
        status: 'pending',
        applicant: { id: applicant.userId, username: applicant.username, nickname: null },
        venues: [{ id: created.venues[0].id, status: 'pending' }],
      });
      const one = await t.app.inject({ method: 'GET', url: `/api/admin/merchants/${created.id}`, headers: admin.headers });
      expect(one.json()).toMatchObject({ id: created.id, applicant: { id: applicant.userId } });
    });

    it('approves the merchant and its first venue, and makes the applicant its owner', async () => {
      const applicant = await newApplicant();
      const created = (await apply(applicant, application())).json();
      t.clock.advance(60_000);
      const response = await review(created.id, 'approve');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        id: created.id,
        status: 'approved',
        reviewedAt: '2026-11-20T08:01:00.000Z',
        venues: [{ status: 'approved', reviewedAt: '2026-11-20T08:01:00.000Z' }],
      });
      expect(await rolesOf(applicant.userId)).toEqual([{ name: 'merchant-owner', merchant_id: created.id }]);
      const [reviewer] = await queryRows<{ reviewed_by: string }>(
        t.deps.database.db,
        sql`select reviewed_by from merchant where id = ${created.id}`,
      );
      expect(reviewer!.reviewed_by).toBe(admin.userId);
    });

    it('answers a second review with 409 ALREADY_REVIEWED and changes nothing', async () => {
      const created = (await apply(await newApplicant(), application())).json();
      expect((await review(created.id, 'approve')).statusCode).toBe(200);
      const before = await venueCounts(t);
      const again = await review(created.id, 'approve');
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({ code: 'ALREADY_REVIEWED', details: { status: 'approved' } });
      const reject = await review(created.id, 'reject', { reason: 'too late' });
      expect(reject.statusCode).toBe(409);
      expect(await venueCounts(t)).toEqual(before);
    });

    it('approves exactly once under parallel reviews', async () => {
      const applicant = await newApplicant();
      const created = (await apply(applicant, application())).json();
      const responses = await Promise.all(Array.from({ length: 5 }, () => review(created.id, 'approve')));
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
      expect(await rolesOf(applicant.userId)).toHaveLength(1);
    });

    it('rejects with a reason, which the applicant reads; they may apply again', async () => {
      const applicant = await newApplicant();
      const created = (await apply(applicant, application())).json();
      const response = await review(created.id, 'reject', { reason: '营业执照不清晰' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        status: 'rejected',
        rejectReason: '营业执照不清晰',
        venues: [{ status: 'rejected', rejectReason: '营业执照不清晰' }],
      });
      expect(await rolesOf(applicant.userId)).toEqual([]);
      const mine = await t.app.inject({ method: 'GET', url: '/api/merchant/applications', headers: applicant.headers });
      expect(mine.json().items[0]).toMatchObject({ status: 'rejected', rejectReason: '营业执照不清晰' });
      expect((await apply(applicant, application())).statusCode).toBe(201);
    });

    it('needs a reason to reject: 400, nothing changes', async () => {
      const created = (await apply(await newApplicant(), application())).json();
      for (const body of [{}, { reason: '' }, { reason: '  ' }, { reason: 5 }, { reason: 'x', extra: 1 }]) {
        const response = await review(created.id, 'reject', body);
        expect(response.statusCode).toBe(400);
      }
      const one = await t.app.inject({ method: 'GET', url: `/api/admin/merchants/${created.id}`, headers: admin.headers });
      expect(one.json().status).toBe('pending');
    });

    it('answers an unknown merchant with 404 and a malformed id with 400', async () => {
      expect((await review(randomUUID(), 'approve')).statusCode).toBe(404);
      expect((await review(randomUUID(), 'reject', { reason: 'no' })).statusCode).toBe(404);
      expect((await review('not-a-uuid', 'approve')).statusCode).toBe(400);
    });

    it('needs merchants.review and an admin token', async () => {
      const created = (await apply(await newApplicant(), application())).json();
      const clerk = await createActor(t, 'admin', { permissions: ['users.read'] });
      const forbidden = await review(created.id, 'approve', undefined, clerk);
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json().error.code).toBe('FORBIDDEN');
      const list = await t.app.inject({ method: 'GET', url: '/api/admin/merchants', headers: clerk.headers });
      expect(list.statusCode).toBe(403);
      const merchantToken = await newApplicant();
      expect((await review(created.id, 'approve', undefined, merchantToken)).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'POST', url: `/api/admin/merchants/${created.id}/approve` })).statusCode).toBe(401);
      const one = await t.app.inject({ method: 'GET', url: `/api/admin/merchants/${created.id}`, headers: admin.headers });
      expect(one.json().status).toBe('pending');
    });
  });

  describe('from application to a merchant token', () => {
    it('gives the applicant merchant scope on their next token refresh', async () => {
      const username = `owner_${randomUUID().slice(0, 8)}`;
      await createUser(t.deps.database.db, { username, password: 'correct horse 42' });
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { portal: 'merchant', username, password: 'correct horse 42' },
      });
      expect(login.statusCode).toBe(200);
      const signedIn = login.json();
      const headers = { authorization: `Bearer ${signedIn.accessToken}` };

      const applied = await t.app.inject({ method: 'POST', url: '/api/merchant/applications', headers, payload: application() });
      expect(applied.statusCode).toBe(201);
      const merchantId = applied.json().id;
      expect((await t.app.inject({ method: 'GET', url: '/api/merchant/venues', headers })).statusCode).toBe(403);

      expect((await review(merchantId, 'approve')).statusCode).toBe(200);
      const refreshed = await t.app.inject({
        method: 'POST',
        url: '/api/auth/refresh',
        payload: { refreshToken: signedIn.refreshToken },
      });
      expect(refreshed.statusCode).toBe(200);
      const newHeaders = { authorization: `Bearer ${refreshed.json().accessToken}` };
      const venues = await t.app.inject({ method: 'GET', url: '/api/merchant/venues', headers: newHeaders });
      expect(venues.statusCode).toBe(200);
      expect(venues.json()).toMatchObject({ total: 1, items: [{ merchantId, status: 'approved' }] });
      const staff = await t.app.inject({ method: 'GET', url: '/api/merchant/staff', headers: newHeaders });
      expect(staff.json().items).toEqual([expect.objectContaining({ username, roles: ['owner'] })]);
    });
  });
});
