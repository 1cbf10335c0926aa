import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createActor, type TestActor } from '../support/actors.js';
import { catalogCounts, createMerchantStaff, createTestPerson, createTestProduction } from '../support/catalog.js';

describe('merchant productions', () => {
  let t: TestApp;
  let admin: TestActor;
  let merchant: TestActor & { merchantId: string };
  let rival: TestActor & { merchantId: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createActor(t, 'admin');
    merchant = await createMerchantStaff(t);
    rival = await createMerchantStaff(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const create = (body: unknown, actor: TestActor = merchant) =>
    t.app.inject({ method: 'POST', url: '/api/merchant/productions', headers: actor.headers, payload: body as object });
  const patch = (id: string, body: unknown, actor: TestActor = merchant) =>
    t.app.inject({ method: 'PATCH', url: `/api/merchant/productions/${id}`, headers: actor.headers, payload: body as object });
  const get = (id: string, actor: TestActor = merchant) =>
    t.app.inject({ method: 'GET', url: `/api/merchant/productions/${id}`, headers: actor.headers });
  const concert = { kind: 'performance', title: '周杰伦 嘉年华 世界巡回演唱会', durationMinutes: 180, categories: ['concert'] };

  it('creates a performance as a draft owned by the merchant, whatever the body says', async () => {
    const response = await create(concert);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ ...concert, status: 'draft', merchantId: merchant.merchantId });
    const published = await create({ ...concert, status: 'published' });
    expect(published.statusCode).toBe(400);
  });

  it('refuses a movie with 422 MOVIE_IS_PLATFORM_CATALOGUE and writes nothing', async () => {
    const before = await catalogCounts(t);
    const response = await create({ kind: 'movie', title: '私人电影', durationMinutes: 100 });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('MOVIE_IS_PLATFORM_CATALOGUE');
    expect(await catalogCounts(t)).toEqual(before);
  });

  it('refuses a bad category, date or poster and writes nothing', async () => {
    const before = await catalogCounts(t);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ categories: ['sci-fi'] }, 422, 'UNKNOWN_CATEGORY'],
      [{ releaseDate: '31/12/2026' }, 400, 'VALIDATION_FAILED'],
      [{ posterUrl: 'data:image/png;base64,AAAA' }, 400, 'VALIDATION_FAILED'],
      [{ durationMinutes: 0 }, 400, 'VALIDATION_FAILED'],
      [{ merchantId: rival.merchantId }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [change, status, code] of cases) {
      const response = await create({ ...concert, ...change });
      expect(response.statusCode, JSON.stringify(change)).toBe(status);
      expect(response.json().error.code).toBe(code);
    }
    expect(await catalogCounts(t)).toEqual(before);
  });

  it('lists only its own productions, with filters', async () => {
    const own = (await create({ kind: 'exhibition', title: '梵高的星空', durationMinutes: 60, categories: ['art'] })).json();
    const theirs = (await create({ ...concert, title: '别家的演出' }, rival)).json();
    const response = await t.app.inject({ method: 'GET', url: '/api/merchant/productions', headers: merchant.headers });
    expect(response.statusCode).toBe(200);
    const ids = response.json().items.map((item: { id: string }) => item.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(theirs.id);
    const exhibitions = await t.app.inject({
      method: 'GET',
      url: `/api/merchant/productions?kind=exhibition&q=${encodeURIComponent('星空')}`,
      headers: merchant.headers,
    });
    expect(exhibitions.json()).toMatchObject({ total: 1, items: [{ id: own.id }] });
  });

  it("answers 404 for another merchant's production and leaves it unchanged", async () => {
    const theirs = (await create(concert, rival)).json();
    expect((await get(theirs.id)).statusCode).toBe(404);
    const response = await patch(theirs.id, { title: 'Hijacked', status: 'pending-review' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
    expect((await get(theirs.id, rival)).json()).toEqual(theirs);
  });

  it('answers 404 for a platform movie', async () => {
    const movie = await createTestProduction(t, { status: 'published' });
    expect((await get(movie.id)).statusCode).toBe(404);
    expect((await patch(movie.id, { synopsis: 'mine now' })).statusCode).toBe(404);
  });

  it('edits a draft freely but never into a movie', async () => {
    const draft = (await create(concert)).json();
    const person = await createTestPerson(t, '周杰伦');
    const edited = await patch(draft.id, {
      kind: 'performance',
      title: '周杰伦演唱会 上海站',
      people: [{ personId: person.id, role: 'cast' }],
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ title: '周杰伦演唱会 上海站', people: [{ name: '周杰伦', role: 'cast' }] });
    const movie = await patch(draft.id, { kind: 'movie', categories: [] });
    expect(movie.statusCode).toBe(422);
    expect(movie.json().error.code).toBe('MOVIE_IS_PLATFORM_CATALOGUE');
    expect((await get(draft.id)).json().kind).toBe('performance');
  });

  it('goes draft → pending-review → published, then only the synopsis and poster change', async () => {
    const draft = (await create(concert)).json();
    const submitted = await patch(draft.id, { status: 'pending-review', synopsis: '首演' });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'pending-review', synopsis: '首演', submittedAt: t.clock.now().toISOString() });

    const twice = await patch(draft.id, { status: 'pending-review' });
    expect(twice.statusCode).toBe(200);
    expect(twice.json().status).toBe('pending-review');

    const locked = await patch(draft.id, { title: 'Renamed in review' });
    expect(locked.statusCode).toBe(422);
    expect(locked.json().error).toMatchObject({ code: 'PRODUCTION_LOCKED', details: { status: 'pending-review', fields: ['title'] } });

    const published = await t.app.inject({
      method: 'POST',
      url: `/api/admin/productions/${draft.id}/publish`,
      headers: admin.headers,
    });
    expect(published.json().status).toBe('published');

    const poster = await patch(draft.id, { synopsis: '加场！', posterUrl: 'https://img.example.com/jay.png' });
    expect(poster.statusCode).toBe(200);
    expect(poster.json()).toMatchObject({ status: 'published', synopsis: '加场！', posterUrl: 'https://img.example.com/jay.png' });

    const before = (await get(draft.id)).json();
    for (const change of [{ kind: 'exhibition' }, { title: 'New' }, { durationMinutes: 10 }, { categories: ['play'] }]) {
      const response = await patch(draft.id, { ...change, synopsis: 'sneaky' });
      expect(response.statusCode, JSON.stringify(change)).toBe(422);
      expect(response.json().error.code).toBe('PRODUCTION_LOCKED');
    }
    expect((await get(draft.id)).json()).toEqual(before);

    const sameForm = await patch(draft.id, { kind: 'performance', title: before.title, synopsis: '再加场' });
    expect(sameForm.statusCode).toBe(200);
    expect(sameForm.json().synopsis).toBe('再加场');

    const resubmit = await patch(draft.id, { status: 'pending-review' });
    expect(resubmit.statusCode).toBe(409);
    expect(resubmit.json().error).toMatchObject({
      code: 'INVALID_STATUS_TRANSITION',
      details: { from: 'published', to: 'pending-review' },
    });
  });

  it('sees a rejection reason, fixes the draft and submits again', async () => {
    const draft = (await create(concert)).json();
    await patch(draft.id, { status: 'pending-review' });
    await t.app.inject({
      method: 'POST',
      url: `/api/admin/productions/${draft.id}/reject`,
      headers: admin.headers,
      payload: { reason: '请补充演出时长说明' },
    });
    const rejected = (await get(draft.id)).json();
    expect(rejected).toMatchObject({ status: 'draft', rejectionReason: '请补充演出时长说明' });
    const fixed = await patch(draft.id, { durationMinutes: 150, status: 'pending-review' });
    expect(fixed.json()).toMatchObject({ status: 'pending-review', durationMinutes: 150 });
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/admin/productions/${draft.id}/publish`,
      headers: admin.headers,
    });
    expect(published.json()).toMatchObject({ status: 'published', rejectionReason: null });
  });

  it('refuses other status moves in the schema', async () => {
    const draft = (await create(concert)).json();
    for (const status of ['published', 'archived', 'draft']) {
      expect((await patch(draft.id, { status })).statusCode).toBe(400);
    }
    expect((await get(draft.id)).json().status).toBe('draft');
  });

  it('keeps the other portals and unapproved users out', async () => {
    const before = await catalogCounts(t);
    const customer = await createActor(t, 'customer');
    const applicant = await createActor(t, 'merchant');
    expect((await create(concert, customer)).statusCode).toBe(401);
    expect((await create(concert, admin)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/merchant/productions' })).statusCode).toBe(401);
    const pending = await create(concert, applicant);
    expect(pending.statusCode).toBe(403);
    expect(pending.json().error.code).toBe('MERCHANT_NOT_APPROVED');
    const gate = await createMerchantStaff(t, { merchantId: merchant.merchantId, permissions: ['merchant.checkin'] });
    const forbidden = await create(concert, gate);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'merchant.productions.manage' } });
    expect((await t.app.inject({ method: 'GET', url: '/api/merchant/productions', headers: gate.headers })).statusCode).toBe(403);
    expect(await catalogCounts(t)).toEqual(before);
  });

  it('submits a draft once however many parallel submissions arrive', async () => {
    const draft = (await create(concert)).json();
    const submissions = await Promise.all(
      Array.from({ length: 5 }, () => patch(draft.id, { status: 'pending-review' })),
    );
    expect(submissions.every((response) => response.statusCode === 200)).toBe(true);
    const [submittedAt] = new Set(submissions.map((response) => response.json().submittedAt));
    expect((await get(draft.id)).json()).toMatchObject({ status: 'pending-review', submittedAt });
  });

  it('answers 404 for an unknown id', async () => {
    expect((await get(randomUUID())).statusCode).toBe(404);
  });
});
