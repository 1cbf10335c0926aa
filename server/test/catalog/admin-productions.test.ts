import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createActor, type TestActor } from '../support/actors.js';
import {
  catalogCounts,
  createMerchantStaff,
  createTestCompany,
  createTestPerson,
  createTestProduction,
} from '../support/catalog.js';
import { getProductionForScheduling } from '../../src/modules/catalog/index.js';

describe('admin catalogue: productions', () => {
  let t: TestApp;
  let admin: TestActor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createActor(t, 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (body: unknown, actor: TestActor = admin) =>
    t.app.inject({ method: 'POST', url: '/api/admin/productions', headers: actor.headers, payload: body as object });
  const patch = (id: string, body: unknown, actor: TestActor = admin) =>
    t.app.inject({ method: 'PATCH', url: `/api/admin/productions/${id}`, headers: actor.headers, payload: body as object });
  const get = (id: string) => t.app.inject({ method: 'GET', url: `/api/admin/productions/${id}`, headers: admin.headers });

  describe('create', () => {
    it('creates a draft from the minimum fields', async () => {
      const response = await post({ kind: 'movie', title: '满江红', durationMinutes: 159 });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body).toMatchObject({
        kind: 'movie',
        title: '满江红',
        durationMinutes: 159,
        status: 'draft',
        categories: [],
        originalTitle: null,
        merchantId: null,
        company: null,
        people: [],
        ratingAverage: null,
        ratingCount: 0,
        createdAt: '2026-11-20T08:00:00.000Z',
      });
      expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('creates a published movie with every field, its company and its credits in order', async () => {
      const company = await createTestCompany(t, '中国电影股份有限公司');
      const director = await createTestPerson(t, '郭帆');
      const star = await createTestPerson(t, '吴京');
      const response = await post({
        kind: 'movie',
        title: '流浪地球2',
        originalTitle: 'The Wandering Earth II',
        synopsis: '太阳即将毁灭……',
        categories: ['sci-fi', 'drama'],
        durationMinutes: 173,
        ageRating: 'PG-13',
        releaseDate: '2023-01-22',
        posterUrl: 'https://img.example.com/we2.jpg',
        companyId: company.id,
        people: [
          { personId: director.id, role: 'director' },
          { personId: star.id, role: 'cast', characterName: '刘培强' },
        ],
        status: 'published',
      });
      expect(response.statusCode).toBe(201);
      const created = response.json();
      expect(created).toMatchObject({
        status: 'published',
        categories: ['sci-fi', 'drama'],
        releaseDate: '2023-01-22',
        company: { id: company.id, name: '中国电影股份有限公司', kind: 'studio' },
        people: [
          { personId: director.id, name: '郭帆', role: 'director', characterName: null },
          { personId: star.id, name: '吴京', role: 'cast', characterName: '刘培强' },
        ],
      });
      const fetched = await get(created.id);
      expect(fetched.statusCode).toBe(200);
      expect(fetched.json()).toEqual(created);
    });

    it('lets the admin create performances and exhibitions too, owned by the platform', async () => {
      const response = await post({ kind: 'exhibition', title: '故宫特展', durationMinutes: 90, categories: ['museum'] });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ kind: 'exhibition', merchantId: null, status: 'draft' });
    });

    const invalid: [string, Record<string, unknown>, number, string][] = [
      ['a zero duration', { durationMinutes: 0 }, 400, 'VALIDATION_FAILED'],
      ['a duration given as text', { durationMinutes: '120' }, 400, 'VALIDATION_FAILED'],
      ['an impossible release date', { releaseDate: '2026-02-30' }, 400, 'VALIDATION_FAILED'],
      ['a release date with a time', { releaseDate: '2026-02-01T00:00:00Z' }, 400, 'VALIDATION_FAILED'],
      ['a poster that is not a URL', { posterUrl: 'poster.jpg' }, 400, 'VALIDATION_FAILED'],
      ['a javascript: poster', { posterUrl: 'javascript:alert(1)' }, 400, 'VALIDATION_FAILED'],
      ['an ftp poster', { posterUrl: 'ftp://example.com/a.jpg' }, 400, 'VALIDATION_FAILED'],
      ['an unknown kind', { kind: 'podcast' }, 400, 'VALIDATION_FAILED'],
      ['an unknown field', { rating: 9 }, 400, 'VALIDATION_FAILED'],
      ['an empty title', { title: '' }, 400, 'VALIDATION_FAILED'],
      ['an archived status', { status: 'archived' }, 400, 'VALIDATION_FAILED'],
      ['an unknown category', { categories: ['drama', 'nonsense'] }, 422, 'UNKNOWN_CATEGORY'],
      ['a category of another kind', { categories: ['concert'] }, 422, 'UNKNOWN_CATEGORY'],
      ['an unknown company', { companyId: randomUUID() }, 422, 'UNKNOWN_COMPANY'],
      ['an unknown person', { people: [{ personId: randomUUID(), role: 'cast' }] }, 422, 'UNKNOWN_PERSON'],
      ['an unknown role', { people: [{ personId: randomUUID(), role: 'grip' }] }, 400, 'VALIDATION_FAILED'],
    ];
    it.each(invalid)('refuses %s and writes nothing', async (_name, change, status, code) => {
      const before = await catalogCounts(t);
      const response = await post({ kind: 'movie', title: 'Bad', durationMinutes: 100, ...change });
      expect(response.statusCode).toBe(status);
      expect(response.json().error.code).toBe(code);
      expect(await catalogCounts(t)).toEqual(before);
    });

    it('names the unusable categories', async () => {
      const response = await post({ kind: 'movie', title: 'X', durationMinutes: 90, categories: ['concert', 'zzz'] });
      expect(response.json().error.details).toEqual({ codes: ['concert', 'zzz'], kind: 'movie' });
    });

    it('refuses a person credited twice in one role, and writes neither production nor credits', async () => {
      const person = await createTestPerson(t);
      const before = await catalogCounts(t);
      const response = await post({
        kind: 'movie',
        title: 'Twice',
        durationMinutes: 90,
        people: [
          { personId: person.id, role: 'cast' },
          { personId: person.id, role: 'cast', characterName: 'Other' },
        ],
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().error.code).toBe('DUPLICATE_CREDIT');
      expect(await catalogCounts(t)).toEqual(before);
    });

    it('credits one person in two roles', async () => {
      const person = await createTestPerson(t);
      const response = await post({
        kind: 'movie',
        title: 'Auteur',
        durationMinutes: 90,
        people: [
          { personId: person.id, role: 'director' },
          { personId: person.id, role: 'writer' },
        ],
      });
      expect(response.statusCode).toBe(201);
      expect(response.json().people.map((credit: { role: string }) => credit.role)).toEqual(['director', 'writer']);
    });
  });

  describe('authorisation', () => {
    it('asks for a token, and refuses customer and merchant tokens with 401', async () => {
      const customer = await createActor(t, 'customer');
      const merchant = await createMerchantStaff(t);
      const body = { kind: 'movie', title: 'X', durationMinutes: 90 };
      const before = await catalogCounts(t);
      expect((await t.app.inject({ method: 'POST', url: '/api/admin/productions', payload: body })).statusCode).toBe(401);
      for (const actor of [customer, merchant]) {
        const created = await post(body, actor);
        expect(created.statusCode).toBe(401);
        expect(created.json().error.code).toBe('UNAUTHENTICATED');
        const listed = await t.app.inject({ method: 'GET', url: '/api/admin/productions', headers: actor.headers });
        expect(listed.statusCode).toBe(401);
      }
      expect(await catalogCounts(t)).toEqual(before);
    });

    it('answers 403 to an admin without catalog.manage on every route', async () => {
      const reviewer = await createActor(t, 'admin', { permissions: ['users.read', 'merchants.review'] });
      const production = await createTestProduction(t);
      const before = await catalogCounts(t);
      const id = production.id;
      const requests = [
        { method: 'GET', url: '/api/admin/productions' },
        { method: 'POST', url: '/api/admin/productions', payload: { kind: 'movie', title: 'X', durationMinutes: 90 } },
        { method: 'GET', url: `/api/admin/productions/${id}` },
        { method: 'PATCH', url: `/api/admin/productions/${id}`, payload: { title: 'Y' } },
        { method: 'DELETE', url: `/api/admin/productions/${id}` },
        { method: 'POST', url: `/api/admin/productions/${id}/publish` },
        { method: 'POST', url: `/api/admin/productions/${id}/reject`, payload: { reason: 'no' } },
        { method: 'GET', url: '/api/admin/people' },
        { method: 'POST', url: '/api/admin/people', payload: { name: 'X' } },
        { method: 'GET', url: '/api/admin/companies' },
        { method: 'POST', url: '/api/admin/companies', payload: { name: 'X', kind: 'studio' } },
      ] as const;
      for (const request of requests) {
        const response = await t.app.inject({ ...request, headers: reviewer.headers });
        expect(response.statusCode, `${request.method} ${request.url}`).toBe(403);
        expect(response.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'catalog.manage' } });
      }
      expect(await catalogCounts(t)).toEqual(before);
      expect((await get(id)).json().title).toBe(production.title);
    });
  });

  describe('update', () => {
    it('changes fields, clears nullable ones and replaces the credits', async () => {
      const first = await createTestPerson(t);
      const second = await createTestPerson(t);
      const company = await createTestCompany(t);
      const production = await createTestProduction(t, {
        synopsis: 'old',
        companyId: company.id,
        people: [{ personId: first.id, role: 'cast' }],
      });
      t.clock.advance(60_000);
      const response = await patch(production.id, {
        title: 'New title',
        synopsis: null,
        companyId: null,
        categories: ['comedy'],
        people: [
          { personId: second.id, role: 'director' },
          { personId: first.id, role: 'cast', characterName: 'Hero' },
        ],
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        title: 'New title',
        synopsis: null,
        companyId: null,
        company: null,
        categories: ['comedy'],
        people: [
          { personId: second.id, role: 'director' },
          { personId: first.id, role: 'cast', characterName: 'Hero' },
        ],
        updatedAt: t.clock.now().toISOString(),
      });
    });

    it('answers 404 for an unknown production and 400 for a malformed id', async () => {
      expect((await patch(randomUUID(), { title: 'X' })).statusCode).toBe(404);
      expect((await get(randomUUID())).statusCode).toBe(404);
      expect((await get('not-a-uuid')).statusCode).toBe(400);
    });

    it('refuses an empty patch, bad values and unknown references, and changes nothing', async () => {
      const production = await createTestProduction(t, { categories: ['drama'] });
      const cases: [Record<string, unknown>, number, string][] = [
        [{}, 400, 'VALIDATION_FAILED'],
        [{ durationMinutes: 0 }, 400, 'VALIDATION_FAILED'],
        [{ releaseDate: '2026-13-01' }, 400, 'VALIDATION_FAILED'],
        [{ posterUrl: 'not a url' }, 400, 'VALIDATION_FAILED'],
        [{ title: 'Changed', categories: ['unknown'] }, 422, 'UNKNOWN_CATEGORY'],
        [{ title: 'Changed', companyId: randomUUID() }, 422, 'UNKNOWN_COMPANY'],
        [{ title: 'Changed', people: [{ personId: randomUUID(), role: 'cast' }] }, 422, 'UNKNOWN_PERSON'],
        [{ title: 'Changed', kind: 'performance' }, 422, 'UNKNOWN_CATEGORY'],
      ];
      for (const [body, status, code] of cases) {
        const response = await patch(production.id, body);
        expect(response.statusCode, JSON.stringify(body)).toBe(status);
        expect(response.json().error.code).toBe(code);
      }
      expect((await get(production.id)).json()).toEqual(production);
    });

    it('changes the kind of a draft but not of a published production', async () => {
      const draft = await createTestProduction(t);
      const changed = await patch(draft.id, { kind: 'performance', categories: ['play'] });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ kind: 'performance', categories: ['play'] });

      const published = await createTestProduction(t, { status: 'published' });
      const refused = await patch(published.id, { kind: 'exhibition', title: 'Still allowed?' });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error).toMatchObject({
        code: 'PRODUCTION_LOCKED',
        details: { status: 'published', fields: ['kind'] },
      });
      expect((await get(published.id)).json()).toEqual(published);
      const same = await patch(published.id, { kind: 'movie', title: 'Retitled' });
      expect(same.statusCode).toBe(200);
      expect(same.json()).toMatchObject({ kind: 'movie', title: 'Retitled' });
    });

    it('moves the status by the rules and answers 409 for a move they refuse', async () => {
      const production = await createTestProduction(t);
      expect((await patch(production.id, { status: 'published' })).json().status).toBe('published');
      const back = await patch(production.id, { status: 'draft' });
      expect(back.statusCode).toBe(409);
      expect(back.json().error).toMatchObject({
        code: 'INVALID_STATUS_TRANSITION',
        details: { from: 'published', to: 'draft' },
      });
      expect((await patch(production.id, { status: 'archived' })).json().status).toBe('archived');
      expect((await patch(production.id, { status: 'published' })).json().status).toBe('published');
    });
  });

  describe('delete', () => {
    it('deletes a draft with its credits', async () => {
      const person = await createTestPerson(t);
      const draft = await createTestProduction(t, { people: [{ personId: person.id, role: 'cast' }] });
      const before = await catalogCounts(t);
      const response = await t.app.inject({ method: 'DELETE', url: `/api/admin/productions/${draft.id}`, headers: admin.headers });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ id: draft.id, outcome: 'deleted' });
      expect((await get(draft.id)).statusCode).toBe(404);
      expect(await catalogCounts(t)).toEqual({ ...before, production: before.production! - 1, credits: before.credits! - 1 });
    });

    it('archives a published production and keeps it', async () => {
      const published = await createTestProduction(t, { status: 'published' });
      const remove = () =>
        t.app.inject({ method: 'DELETE', url: `/api/admin/productions/${published.id}`, headers: admin.headers });
      const response = await remove();
      expect(response.json()).toEqual({ id: published.id, outcome: 'archived' });
      expect((await get(published.id)).json()).toMatchObject({ status: 'archived', title: published.title });
      expect((await remove()).json()).toEqual({ id: published.id, outcome: 'archived' });
    });

    it('answers 404 for an unknown production', async () => {
      const response = await t.app.inject({ method: 'DELETE', url: `/api/admin/productions/${randomUUID()}`, headers: admin.headers });
      expect(response.statusCode).toBe(404);
    });
  });

  describe('review of merchant productions', () => {
    it('publishes a production in review, and refuses to publish one that is not', async () => {
      const merchantId = randomUUID();
      const production = await createTestProduction(t, { kind: 'performance', merchantId, status: 'pending-review' });
      expect(production.submittedAt).toBe(t.clock.now().toISOString());
      t.clock.advance(120_000);
      const reviewedAt = t.clock.now().toISOString();
      const published = await t.app.inject({
        method: 'POST',
        url: `/api/admin/productions/${production.id}/publish`,
        headers: admin.headers,
      });
      expect(published.statusCode).toBe(200);
      expect(published.json()).toMatchObject({ status: 'published', reviewedAt, merchantId });
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/admin/productions/${production.id}/publish`,
        headers: admin.headers,
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', details: { from: 'published' } });
    });

    it('rejects back to draft with the reason kept, and refuses an empty reason', async () => {
      const production = await createTestProduction(t, {
        kind: 'exhibition',
        merchantId: randomUUID(),
        status: 'pending-review',
      });
      const reject = (body: unknown) =>
        t.app.inject({
          method: 'POST',
          url: `/api/admin/productions/${production.id}/reject`,
          headers: admin.headers,
          payload: body as object,
        });
      expect((await reject({ reason: '' })).statusCode).toBe(400);
      expect((await reject({})).statusCode).toBe(400);
      expect((await get(production.id)).json().status).toBe('pending-review');
      const rejected = await reject({ reason: '海报不清晰' });
      expect(rejected.statusCode).toBe(200);
      expect(rejected.json()).toMatchObject({ status: 'draft', rejectionReason: '海报不清晰' });
      expect((await reject({ reason: 'again' })).statusCode).toBe(409);
    });

    it('lets exactly one of two parallel reviews win', async () => {
      const production = await createTestProduction(t, {
        kind: 'performance',
        merchantId: randomUUID(),
        status: 'pending-review',
      });
      const responses = await Promise.all([
        t.app.inject({ method: 'POST', url: `/api/admin/productions/${production.id}/publish`, headers: admin.headers }),
        t.app.inject({
          method: 'POST',
          url: `/api/admin/productions/${production.id}/reject`,
          headers: admin.headers,
          payload: { reason: 'no' },
        }),
        t.app.inject({ method: 'POST', url: `/api/admin/productions/${production.id}/publish`, headers: admin.headers }),
      ]);
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409, 409]);
    });

    it('answers 404 for reviewing an unknown production', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/admin/productions/${randomUUID()}/publish`,
        headers: admin.headers,
      });
      expect(response.statusCode).toBe(404);
    });
  });

  describe('list and search', () => {
    let merchantId: string;
    beforeAll(async () => {
      merchantId = randomUUID();
      await createTestProduction(t, { title: '流浪地球', originalTitle: 'The Wandering Earth', status: 'published' });
      await createTestProduction(t, { title: '你好，李焕英', originalTitle: 'Hi, Mom', status: 'published' });
      await createTestProduction(t, { title: '长津湖', originalTitle: 'The Battle at Lake Changjin' });
      await createTestProduction(t, { kind: 'performance', title: '开心麻花话剧', merchantId, status: 'pending-review' });
      await createTestProduction(t, { kind: 'exhibition', title: '敦煌艺术展', merchantId });
    });

    const list = async (query: string) => {
      const response = await t.app.inject({ method: 'GET', url: `/api/admin/productions?${query}`, headers: admin.headers });
      expect(response.statusCode).toBe(200);
      return response.json() as { items: { title: string; kind: string; status: string }[]; total: number; page: number; pageSize: number };
    };

    it('finds a Chinese title by part of it and by a misspelling', async () => {
      expect((await list(`q=${encodeURIComponent('流浪')}`)).items.map((item) => item.title)).toContain('流浪地球');
      expect((await list(`q=${encodeURIComponent('地球')}`)).items.map((item) => item.title)).toContain('流浪地球');
      const misspelt = await list(`q=${encodeURIComponent('流浪地求')}`);
      expect(misspelt.items[0]?.title).toBe('流浪地球');
      expect(misspelt.items.map((item) => item.title)).not.toContain('长津湖');
    });

    it('finds a Latin original title case-insensitively and despite a typo', async () => {
      expect((await list('q=wandering%20EARTH')).items[0]?.title).toBe('流浪地球');
      expect((await list('q=wandring%20earth')).items[0]?.title).toBe('流浪地球');
      expect((await list('q=hi%2C%20mom')).items[0]?.title).toBe('你好，李焕英');
    });

    it('takes % and _ in a query literally', async () => {
      expect((await list('q=%25')).total).toBe(0);
      expect((await list('q=_')).total).toBe(0);
    });

    it('filters by kind, status and merchant, and pages', async () => {
      const performances = await list('kind=performance');
      expect(performances.items.every((item) => item.kind === 'performance')).toBe(true);
      expect((await list('status=pending-review')).items.every((item) => item.status === 'pending-review')).toBe(true);
      const mine = await list(`merchantId=${merchantId}`);
      expect(mine.items.map((item) => item.title).sort()).toEqual(['开心麻花话剧', '敦煌艺术展'].sort());
      const all = await list('pageSize=2');
      expect(all.items).toHaveLength(2);
      expect(all.total).toBeGreaterThan(2);
      const past = await list('page=999&pageSize=2');
      expect(past).toMatchObject({ items: [], total: all.total, page: 999, pageSize: 2 });
    });

    it('refuses a bad filter', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/admin/productions?pageSize=500', headers: admin.headers });
      expect(response.statusCode).toBe(400);
      const kind = await t.app.inject({ method: 'GET', url: '/api/admin/productions?kind=podcast', headers: admin.headers });
      expect(kind.statusCode).toBe(400);
    });
  });

  describe('for other modules', () => {
    it('gives scheduling the production, or NOT_FOUND', async () => {
      const merchantId = randomUUID();
      const production = await createTestProduction(t, { kind: 'performance', merchantId, durationMinutes: 95 });
      expect(await getProductionForScheduling(t.deps.database.db, production.id)).toEqual({
        id: production.id,
        kind: 'performance',
        title: production.title,
        durationMinutes: 95,
        status: 'draft',
        merchantId,
      });
      await expect(getProductionForScheduling(t.deps.database.db, randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(getProductionForScheduling(t.deps.database.db, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('keeps a merchant from owning a movie even through the shared use case', async () => {
      await expect(createTestProduction(t, { kind: 'movie', merchantId: randomUUID() })).rejects.toMatchObject({
        code: 'MOVIE_IS_PLATFORM_CATALOGUE',
      });
    });
  });
});
