import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';
import { queryRows } from '../../src/db/client.js';
import { ensureCities, findCity, importCities } from '../../src/modules/catalog/index.js';

describe('cities', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async () =>
    (await queryRows<{ n: number }>(t.deps.database.db, sql`select count(*)::int as n from city`))[0]!.n;

  it('are loaded at first start, and a later start leaves them alone', async () => {
    const loaded = await count();
    expect(loaded).toBeGreaterThan(370);
    expect(await ensureCities(t.deps)).toBeNull();
    expect(await count()).toBe(loaded);
  });

  it('import idempotently: a second run inserts and updates nothing', async () => {
    const before = await count();
    const first = await importCities(t.deps.database.db);
    const second = await importCities(t.deps.database.db);
    for (const run of [first, second]) {
      expect(run).toEqual({ total: before, inserted: 0, updated: 0, unchanged: before });
    }
    expect(await count()).toBe(before);
  });

  it('import puts back a missing city and corrects a changed one, reporting progress', async () => {
    await t.deps.database.db.execute(sql`delete from city where code = '330200'`);
    await t.deps.database.db.execute(sql`update city set name = '杭州' where code = '330100'`);
    const progress: number[] = [];
    const result = await importCities(t.deps.database.db, { onProgress: ({ done }) => progress.push(done) });
    expect(result).toMatchObject({ inserted: 1, updated: 1 });
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(result.total);
    expect(await findCity(t.deps.database.db, '330100')).toMatchObject({ name: '杭州市' });
    expect(await findCity(t.deps.database.db, '330200')).toMatchObject({ name: '宁波市' });
  });

  it('has the municipalities as cities under their urban code, and prefecture cities', async () => {
    const db = t.deps.database.db;
    expect(await findCity(db, '110100')).toEqual({ code: '110100', name: '北京市', province: '北京市', provinceCode: '110000' });
    expect(await findCity(db, '310100')).toEqual({ code: '310100', name: '上海市', province: '上海市', provinceCode: '310000' });
    expect(await findCity(db, '500100')).toMatchObject({ name: '重庆市' });
    expect(await findCity(db, '330100')).toEqual({ code: '330100', name: '杭州市', province: '浙江省', provinceCode: '330000' });
    expect(await findCity(db, '429004')).toMatchObject({ name: '仙桃市', province: '湖北省' });
    expect(await findCity(db, '999999')).toBeNull();
  });

  it('GET /api/cities lists cities by default, filters by name, and lists provinces', async () => {
    const cities = await t.app.inject({ method: 'GET', url: '/api/cities' });
    expect(cities.statusCode).toBe(200);
    const list = cities.json() as { code: string; name: string; province: string }[];
    expect(list).toContainEqual({ code: '110100', name: '北京市', province: '北京市', provinceCode: '110000' });
    expect(list).toContainEqual({ code: '310100', name: '上海市', province: '上海市', provinceCode: '310000' });
    expect(list).toContainEqual({ code: '330100', name: '杭州市', province: '浙江省', provinceCode: '330000' });
    expect(list.map((city) => city.code)).not.toContain('110000');
    expect(list.map((city) => city.code)).not.toContain('429000');

    const filtered = await t.app.inject({ method: 'GET', url: `/api/cities?q=${encodeURIComponent('杭州')}` });
    expect(filtered.json()).toEqual([{ code: '330100', name: '杭州市', province: '浙江省', provinceCode: '330000' }]);

    const provinces = (await t.app.inject({ method: 'GET', url: '/api/cities?level=province' })).json() as { code: string }[];
    expect(provinces.length).toBeGreaterThanOrEqual(34);
    expect(provinces.map((province) => province.code)).toEqual(expect.arrayContaining(['110000', '330000', '810000']));

    expect((await t.app.inject({ method: 'GET', url: '/api/cities?level=county' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/cities?q=%25' })).json()).toEqual([]);
  });
});

describe('boxoffice import-cities', () => {
  it('loads the cities into a new database, then finds nothing to change', async () => {
    const database = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'boxoffice-cities-'));
    const run = () =>
      spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'import-cities'], {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'development',
          DATA_DIR: dataDir,
          ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
        },
        encoding: 'utf8',
        timeout: 120_000,
      });
    try {
      const first = run();
      expect(first.status, first.stderr).toBe(0);
      const inserted = /cities: (\d+) inserted, 0 updated, 0 unchanged \((\d+) in the data\)/.exec(first.stdout);
      expect(inserted, first.stdout).not.toBeNull();
      expect(inserted![1]).toBe(inserted![2]);
      const second = run();
      expect(second.status, second.stderr).toBe(0);
      expect(second.stdout).toContain(`cities: 0 inserted, 0 updated, ${inserted![2]} unchanged`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    }
  });
});
