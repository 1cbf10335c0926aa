import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { createLicence, hasLicenceCovering } from '../../src/modules/licensing/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createActor, type TestActor } from '../support/actors.js';
import { createTestProduction } from '../support/catalog.js';
import { createApprovedMerchant, signAs, type ApprovedMerchant } from '../support/venues.js';

describe('screening licences', () => {
  let t: TestApp;
  let merchant: ApprovedMerchant;
  let rival: ApprovedMerchant;
  let admin: TestActor;
  let movieId: string;

  beforeAll(async () => {
    t = await createTestApp();
    merchant = await createApprovedMerchant(t);
    rival = await createApprovedMerchant(t);
    admin = await createActor(t, 'admin');
    movieId = (await createTestProduction(t, { title: '流浪地球 3', status: 'published' })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const license = (body: unknown, actor: TestActor = merchant.owner) =>
    t.app.inject({ method: 'POST', url: '/api/merchant/licences', headers: actor.headers, payload: body as object });
  const list = (query = '', actor: TestActor = merchant.owner) =>
    t.app.inject({ method: 'GET', url: `/api/merchant/licences${query}`, headers: actor.headers });
  const licenceCount = async () =>
    (await queryRows<{ n: number }>(t.deps.database.db, sql`select count(*)::int as n from licence`))[0]!.n;

  it('licenses a published platform movie for a period with its fee', async () => {
    const response = await license({
      productionId: movieId,
      from: '2026-11-01',
      to: '2026-12-31',
      fee: { amount: 5_000_000, currency: 'CNY' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      merchantId: merchant.merchantId,
      production: { id: movieId, title: '流浪地球 3' },
      from: '2026-11-01',
      to: '2026-12-31',
      fee: { amount: 5_000_000, currency: 'CNY' },
      status: 'active',
      revokedAt: null,
      createdAt: '2026-11-20T08:00:00.000Z',
    });
    const one = await t.app.inject({
      method: 'GET',
      url: `/api/merchant/licences/${response.json().id}`,
      headers: merchant.owner.headers,
    });
    expect(one.json()).toEqual(response.json());
  });

  it('records no fee when none is given, and allows overlapping renewals', async () => {
    const first = await license({ productionId: movieId, from: '2026-11-10', to: '2026-11-30' });
    const renewal = await license({ productionId: movieId, from: '2026-11-25', to: '2027-01-31' });
    expect([first.statusCode, renewal.statusCode]).toEqual([201, 201]);
    expect(first.json().fee).toBeNull();
  });

  it.each([
    ['a draft movie', { status: 'draft' as const }, 'not-published'],
    ['a performance', { kind: 'performance' as const, status: 'published' as const }, 'not-a-movie'],
    ['an exhibition', { kind: 'exhibition' as const, status: 'published' as const }, 'not-a-movie'],
  ])('refuses %s with 422 NOT_A_PLATFORM_MOVIE', async (_what, input, reason) => {
    const production = await createTestProduction(t, input);
    const before = await licenceCount();
    const response = await license({ productionId: production.id, from: '2026-11-01', to: '2026-11-30' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'NOT_A_PLATFORM_MOVIE', details: { reason } });
    expect(await licenceCount()).toBe(before);
  });

  it("refuses a merchant's own production", async () => {
    const show = await createTestProduction(t, {
      kind: 'performance',
      status: 'published',
      merchantId: merchant.merchantId,
    });
    const response = await license({ productionId: show.id, from: '2026-11-01', to: '2026-11-30' });
    expect(response.json().error.code).toBe('NOT_A_PLATFORM_MOVIE');
  });

  it('answers an unknown production with 404', async () => {
    const response = await license({ productionId: randomUUID(), from: '2026-11-01', to: '2026-11-30' });
    expect(response.statusCode).toBe(404);
  });

  it('refuses a period that ends before it starts: 422 INVALID_PERIOD', async () => {
    const before = await licenceCount();
    const response = await license({ productionId: movieId, from: '2026-12-02', to: '2026-12-01' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('INVALID_PERIOD');
    expect(await licenceCount()).toBe(before);
  });

  it.each([
    ['a date in another format', { productionId: 'x', from: '2026/11/01', to: '2026-11-30' }],
    ['an impossible date', { from: '2026-02-30', to: '2026-03-01' }],
    ['a date with a time', { from: '2026-11-01T00:00:00Z', to: '2026-11-30' }],
    ['a fee in yuan', { from: '2026-11-01', to: '2026-11-30', fee: { amount: 10.5, currency: 'CNY' } }],
    ['a negative fee', { from: '2026-11-01', to: '2026-11-30', fee: { amount: -1, currency: 'CNY' } }],
    ['a lower-case currency', { from: '2026-11-01', to: '2026-11-30', fee: { amount: 1, currency: 'cny' } }],
    ['an unknown field', { from: '2026-11-01', to: '2026-11-30', halls: [] }],
    ['no period', {}],
  ])('answers %s with 400 and writes nothing', async (_what, body) => {
    const before = await licenceCount();
    const response = await license({ productionId: movieId, ...body });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
    expect(await licenceCount()).toBe(before);
  });

  describe('status and filters', () => {
    let shop: ApprovedMerchant;
    let otherMovieId: string;

    beforeAll(async () => {
      shop = await createApprovedMerchant(t);
      otherMovieId = (await createTestProduction(t, { status: 'published' })).id;
      const db = t.deps.database.db;
      // Today is 2026-11-20 in Shanghai (the clock stands at 08:00 UTC).
      await createLicence(db, { merchantId: shop.merchantId, productionId: movieId, from: '2026-10-01', to: '2026-11-19' });
      await createLicence(db, { merchantId: shop.merchantId, productionId: movieId, from: '2026-11-20', to: '2026-11-20' });
      await createLicence(db, { merchantId: shop.merchantId, productionId: movieId, from: '2026-11-21', to: '2026-12-31' });
      await createLicence(db, { merchantId: shop.merchantId, productionId: otherMovieId, from: '2026-11-01', to: '2026-11-30' });
    });

    it('derives active, expired and upcoming from today in Asia/Shanghai', async () => {
      const response = await list('?pageSize=10', shop.owner);
      const statuses = response.json().items.map((item: { from: string; status: string }) => [item.from, item.status]);
      expect(statuses).toEqual(
        expect.arrayContaining([
          ['2026-10-01', 'expired'],
          ['2026-11-20', 'active'],
          ['2026-11-21', 'upcoming'],
          ['2026-11-01', 'active'],
        ]),
      );
      expect(response.json().total).toBe(4);
    });

    it('moves with the clock: after 16:00 UTC it is the next day in Shanghai', async () => {
      t.clock.set(new Date('2026-11-20T16:00:00Z'));
      try {
        // Access tokens are short-lived: sign a fresh one at the new time.
        const fresh = await signAs(t, shop.owner, 'merchant', { merchantId: shop.merchantId });
        const active = await list(`?status=active&productionId=${movieId}`, fresh);
        expect(active.json().items.map((item: { from: string }) => item.from)).toEqual(['2026-11-21']);
      } finally {
        t.clock.set(new Date('2026-11-20T08:00:00Z'));
      }
    });

    it('filters by status and production, paged', async () => {
      const expired = await list('?status=expired', shop.owner);
      expect(expired.json()).toMatchObject({ total: 1, items: [{ from: '2026-10-01', status: 'expired' }] });
      const upcoming = await list('?status=upcoming', shop.owner);
      expect(upcoming.json().items.map((item: { to: string }) => item.to)).toEqual(['2026-12-31']);
      const ofOther = await list(`?productionId=${otherMovieId}`, shop.owner);
      expect(ofOther.json()).toMatchObject({ total: 1, items: [{ production: { id: otherMovieId } }] });
      const paged = await list('?page=2&pageSize=3', shop.owner);
      expect(paged.json()).toMatchObject({ total: 4, page: 2, pageSize: 3 });
      expect(paged.json().items).toHaveLength(1);
      expect((await list('?status=lapsed', shop.owner)).statusCode).toBe(400);
    });

    it('covers the first and last day, inclusive, and nothing outside', async () => {
      const db = t.deps.database.db;
      const covered = async (date: string) => hasLicenceCovering(db, shop.merchantId, otherMovieId, date);
      expect(await covered('2026-10-31')).toBe(false);
      expect(await covered('2026-11-01')).toBe(true);
      expect(await covered('2026-11-30')).toBe(true);
      expect(await covered('2026-12-01')).toBe(false);
      expect(await hasLicenceCovering(db, rival.merchantId, otherMovieId, '2026-11-15')).toBe(false);
      expect(await hasLicenceCovering(db, shop.merchantId, 'not-a-uuid', '2026-11-15')).toBe(false);
    });
  });

  describe('tenancy, permissions and revocation', () => {
    it("answers another merchant's licence with 404 and leaves it out of lists", async () => {
      const theirs = (await license({ productionId: movieId, from: '2026-11-01', to: '2026-11-30' }, rival.owner)).json();
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/merchant/licences/${theirs.id}`,
        headers: merchant.owner.headers,
      });
      expect(response.statusCode).toBe(404);
      const mine = (await list('?pageSize=100')).json().items.map((item: { id: string }) => item.id);
      expect(mine).not.toContain(theirs.id);
    });

    it('needs merchant.licences.manage to license, and an approved merchant at all', async () => {
      const gate = await signAs(t, merchant.owner, 'merchant', {
        merchantId: merchant.merchantId,
        permissions: ['merchant.checkin'],
      });
      const before = await licenceCount();
      const response = await license({ productionId: movieId, from: '2026-11-01', to: '2026-11-30' }, gate);
      expect(response.statusCode).toBe(403);
      expect((await list('', gate)).statusCode).toBe(200);
      const applicant = await createActor(t, 'merchant', { permissions: [] });
      const notApproved = await license({ productionId: movieId, from: '2026-11-01', to: '2026-11-30' }, applicant);
      expect(notApproved.json().error.code).toBe('MERCHANT_NOT_APPROVED');
      expect((await list('', admin)).statusCode).toBe(401);
      expect(await licenceCount()).toBe(before);
    });

    it('lets the platform list every licence and revoke one once', async () => {
      const shop = await createApprovedMerchant(t);
      const created = (await license({ productionId: movieId, from: '2026-11-01', to: '2026-11-30' }, shop.owner)).json();
      expect(await hasLicenceCovering(t.deps.database.db, shop.merchantId, movieId, '2026-11-15')).toBe(true);
      const all = await t.app.inject({
        method: 'GET',
        url: `/api/admin/licences?merchantId=${shop.merchantId}&pageSize=100`,
        headers: admin.headers,
      });
      expect(all.statusCode).toBe(200);
      expect(all.json().items.map((item: { id: string }) => item.id)).toContain(created.id);
      const revoke = () =>
        t.app.inject({ method: 'POST', url: `/api/admin/licences/${created.id}/revoke`, headers: admin.headers });
      const responses = await Promise.all([revoke(), revoke(), revoke()]);
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409, 409]);
      const revoked = responses.find((response) => response.statusCode === 200)!.json();
      expect(revoked).toMatchObject({ status: 'revoked', revokedAt: '2026-11-20T08:00:00.000Z' });
      expect(responses.find((response) => response.statusCode === 409)!.json().error.code).toBe('LICENCE_REVOKED');
      expect(await hasLicenceCovering(t.deps.database.db, shop.merchantId, movieId, '2026-11-15')).toBe(false);
      const mine = await list(`?status=revoked`, shop.owner);
      expect(mine.json().items.map((item: { id: string }) => item.id)).toEqual([created.id]);
      const clerk = await createActor(t, 'admin', { permissions: ['users.read'] });
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/admin/licences', headers: clerk.headers })).statusCode,
      ).toBe(403);
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/admin/licences/${randomUUID()}/revoke`, headers: admin.headers }))
          .statusCode,
      ).toBe(404);
    });
  });
});
