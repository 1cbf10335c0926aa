import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createActor, type TestActor } from '../support/actors.js';
import { catalogCounts } from '../support/catalog.js';

describe('people, companies and categories', () => {
  let t: TestApp;
  let admin: TestActor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createActor(t, 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const request = (method: 'GET' | 'POST', url: string, payload?: object, actor: TestActor = admin) =>
    t.app.inject({ method, url, headers: actor.headers, ...(payload ? { payload } : {}) });

  describe('people', () => {
    it('adds people and finds them by part of the name, misspelt, or by the original name', async () => {
      const created = await request('POST', '/api/admin/people', {
        name: '张艺谋',
        originalName: 'Zhang Yimou',
        avatarUrl: 'https://img.example.com/zym.jpg',
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ name: '张艺谋', originalName: 'Zhang Yimou', createdAt: '2026-11-20T08:00:00.000Z' });
      await request('POST', '/api/admin/people', { name: '巩俐', originalName: 'Gong Li' });
      await request('POST', '/api/admin/people', { name: '易烊千玺' });

      const byPart = (await request('GET', `/api/admin/people?q=${encodeURIComponent('艺谋')}`)).json();
      expect(byPart.items.map((person: { name: string }) => person.name)).toEqual(['张艺谋']);
      const byLatin = (await request('GET', '/api/admin/people?q=gong')).json();
      expect(byLatin.items.map((person: { name: string }) => person.name)).toEqual(['巩俐']);
      const misspelt = (await request('GET', '/api/admin/people?q=zhang%20yimu')).json();
      expect(misspelt.items[0]?.name).toBe('张艺谋');
      const page = (await request('GET', '/api/admin/people?pageSize=2')).json();
      expect(page).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(page.items).toHaveLength(2);
    });

    it('refuses a bad person and writes nothing', async () => {
      const before = await catalogCounts(t);
      for (const body of [{}, { name: '' }, { name: 'X', avatarUrl: 'file:///etc/passwd' }, { name: 'X', age: 3 }]) {
        const response = await request('POST', '/api/admin/people', body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json().error.code).toBe('VALIDATION_FAILED');
      }
      expect(await catalogCounts(t)).toEqual(before);
    });
  });

  describe('companies', () => {
    it('adds companies and lists them by name and kind', async () => {
      const created = await request('POST', '/api/admin/companies', { name: '华谊兄弟', kind: 'studio' });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ name: '华谊兄弟', kind: 'studio' });
      await request('POST', '/api/admin/companies', { name: '开心麻花', kind: 'troupe' });
      await request('POST', '/api/admin/companies', { name: '故宫博物院', kind: 'museum' });
      const troupes = (await request('GET', '/api/admin/companies?kind=troupe')).json();
      expect(troupes.items.map((company: { name: string }) => company.name)).toEqual(['开心麻花']);
      const search = (await request('GET', `/api/admin/companies?q=${encodeURIComponent('故宫')}`)).json();
      expect(search).toMatchObject({ total: 1, items: [{ name: '故宫博物院', kind: 'museum' }] });
    });

    it('refuses an unknown kind and writes nothing', async () => {
      const before = await catalogCounts(t);
      const response = await request('POST', '/api/admin/companies', { name: 'X', kind: 'bank' });
      expect(response.statusCode).toBe(400);
      expect(await catalogCounts(t)).toEqual(before);
    });

    it('keeps customer and merchant tokens out with 401', async () => {
      for (const portal of ['customer', 'merchant'] as const) {
        const actor = await createActor(t, portal);
        expect((await request('GET', '/api/admin/companies', undefined, actor)).statusCode).toBe(401);
        expect((await request('POST', '/api/admin/people', { name: 'X' }, actor)).statusCode).toBe(401);
      }
    });
  });

  describe('categories', () => {
    it('lists the seeded categories to anyone, with their names and kinds', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/categories' });
      expect(response.statusCode).toBe(200);
      const categories = response.json() as { code: string; nameZh: string; nameEn: string; kinds: string[] }[];
      expect(categories).toContainEqual({ code: 'sci-fi', nameZh: '科幻', nameEn: 'Sci-fi', kinds: ['movie'] });
      expect(categories).toContainEqual({ code: 'concert', nameZh: '演唱会', nameEn: 'Concert', kinds: ['performance'] });
      for (const zh of ['剧情', '喜剧', '动作', '爱情', '动画', '悬疑', '纪录片', '话剧', '音乐剧', '展览']) {
        expect(categories.map((category) => category.nameZh)).toContain(zh);
      }
    });

    it('filters the categories used for one kind', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/categories?kind=exhibition' });
      const categories = response.json() as { code: string; kinds: string[] }[];
      expect(categories.length).toBeGreaterThan(0);
      expect(categories.every((category) => category.kinds.includes('exhibition'))).toBe(true);
      expect((await t.app.inject({ method: 'GET', url: '/api/categories?kind=podcast' })).statusCode).toBe(400);
    });
  });

  it('describes every catalogue route in the OpenAPI spec', async () => {
    const paths = Object.keys((await t.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths);
    for (const path of [
      '/api/cities',
      '/api/categories',
      '/api/admin/productions',
      '/api/admin/productions/{id}',
      '/api/admin/productions/{id}/publish',
      '/api/admin/productions/{id}/reject',
      '/api/admin/people',
      '/api/admin/companies',
      '/api/merchant/productions',
      '/api/merchant/productions/{id}',
    ]) {
      expect(paths).toContain(path);
    }
  });
});
