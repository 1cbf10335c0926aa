import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestProduction } from '../support/catalog.js';
import { createSchedulingWorld, postSession, seatedBody, type SchedulingWorld } from '../support/scheduling.js';
import { createApprovedMerchant, SHANGHAI } from '../support/venues.js';

const BEIJING = '110100';

interface ListItem {
  id: string;
  title: string;
  kind: string;
  priceFrom: { amount: number; currency: string } | null;
  rating: number | null;
  relevance: number | null;
  recommendation: { score: number; rating: number; sales: number; recency: number };
  boxOffice: { amount: number };
}

describe('browsing what is on', () => {
  let t: TestApp;
  let shanghai: SchedulingWorld;
  let beijing: SchedulingWorld;
  let seatedSessionId: string;
  let tieredSessionId: string;

  const list = async (query: string) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/productions?${query}` });
    expect(response.statusCode).toBe(200);
    return response.json() as { items: ListItem[]; total: number; page: number; pageSize: number };
  };
  const setStats = async (productionId: string, ticketsSold: number, boxOffice: number) => {
    await t.deps.database.db.execute(sql`
      insert into production_stat (production_id, tickets_sold, box_office_amount)
      values (${productionId}, ${ticketsSold}, ${boxOffice})`);
  };
  const setRating = async (productionId: string, rating: number) => {
    await t.deps.database.db.execute(
      sql`update production set rating_average = ${rating}, rating_count = 10 where id = ${productionId}`,
    );
  };

  beforeAll(async () => {
    t = await createTestApp();
    shanghai = await createSchedulingWorld(t);
    beijing = await createSchedulingWorld(t, { venue: { cityCode: BEIJING, name: '北京影城' } });

    const seated = await postSession(t, shanghai.owner, seatedBody(shanghai));
    expect(seated.statusCode).toBe(201);
    seatedSessionId = seated.json().id;
    const tiered = await postSession(t, shanghai.owner, {
      productionId: shanghai.show.id,
      mode: 'tiered',
      venueId: shanghai.venueId,
      startsAt: '2026-12-02T19:30:00+08:00',
      tiers: [
        { name: 'VIP', price: 128000, capacity: 5 },
        { name: 'B', price: 38000, capacity: 10 },
      ],
    });
    expect(tiered.statusCode).toBe(201);
    tieredSessionId = tiered.json().id;
    const inBeijing = await postSession(
      t,
      beijing.owner,
      seatedBody(beijing, {
        startsAt: '2026-12-03T10:00:00+08:00',
        prices: [
          { category: 'standard', price: 3000 },
          { category: 'vip', price: 5000 },
        ],
      }),
    );
    expect(inBeijing.statusCode).toBe(201);

    await setRating(shanghai.movie.id, 9.2);
    await setRating(shanghai.show.id, 7.5);
    await setStats(shanghai.movie.id, 100, 450_000);
    await setStats(shanghai.show.id, 300, 11_400_000);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists only productions on in a city when a city is given, with their lowest price', async () => {
    const page = await list(`city=${SHANGHAI}`);
    const ids = page.items.map((item) => item.id);
    expect(ids.sort()).toEqual([shanghai.movie.id, shanghai.show.id].sort());
    const movie = page.items.find((item) => item.id === shanghai.movie.id)!;
    expect(movie.priceFrom).toEqual({ amount: 4500, currency: 'CNY' });
    const show = page.items.find((item) => item.id === shanghai.show.id)!;
    expect(show.priceFrom).toEqual({ amount: 38000, currency: 'CNY' });
  });

  it('narrows to a local date', async () => {
    const page = await list(`city=${SHANGHAI}&date=2026-12-02`);
    expect(page.items.map((item) => item.id)).toEqual([shanghai.show.id]);
    expect((await list(`city=${SHANGHAI}&date=2026-12-05`)).items).toEqual([]);
  });

  it('filters by kind and category, and never lists drafts', async () => {
    const draft = await createTestProduction(t, { title: 'Draft only', categories: ['comedy'] });
    const comedy = await createTestProduction(t, { title: 'Laugh Track', status: 'published', categories: ['comedy'] });
    const performances = await list('kind=performance&pageSize=100');
    expect(performances.items.length).toBeGreaterThan(0);
    expect(performances.items.every((item) => item.kind === 'performance')).toBe(true);
    const comedies = await list('category=comedy&pageSize=100');
    expect(comedies.items.map((item) => item.id)).toEqual([comedy.id]);
    expect(comedies.items.map((item) => item.id)).not.toContain(draft.id);
  });

  it('finds Chinese titles by part of the title and Latin titles case-insensitively, ranked by relevance', async () => {
    const earth = await createTestProduction(t, {
      title: '流浪地球2',
      originalTitle: 'The Wandering Earth II',
      status: 'published',
    });
    await createTestProduction(t, { title: '满江红', status: 'published' });
    const chinese = await list(`q=${encodeURIComponent('流浪')}&sort=relevance`);
    expect(chinese.items.map((item) => item.id)).toEqual([earth.id]);
    const latin = await list('q=WANDERING%20earth&sort=relevance');
    expect(latin.items[0]?.id).toBe(earth.id);
    expect(latin.items[0]?.relevance).toBeGreaterThan(0);
    const literal = await list(`q=${encodeURIComponent('%')}`);
    expect(literal.items).toEqual([]);
  });

  it('sorts by price both ways, by box office, by rating and by the next session', async () => {
    const scoped = `city=${SHANGHAI}`;
    expect((await list(`${scoped}&sort=price-asc`)).items.map((item) => item.id)).toEqual([
      shanghai.movie.id,
      shanghai.show.id,
    ]);
    expect((await list(`${scoped}&sort=price-desc`)).items.map((item) => item.id)).toEqual([
      shanghai.show.id,
      shanghai.movie.id,
    ]);
    expect((await list(`${scoped}&sort=box-office`)).items.map((item) => item.id)).toEqual([
      shanghai.show.id,
      shanghai.movie.id,
    ]);
    expect((await list(`${scoped}&sort=rating`)).items.map((item) => item.id)).toEqual([
      shanghai.movie.id,
      shanghai.show.id,
    ]);
    expect((await list(`${scoped}&sort=time`)).items.map((item) => item.id)).toEqual([
      shanghai.movie.id,
      shanghai.show.id,
    ]);
  });

  it('explains the recommended order by its parts', async () => {
    const page = await list(`city=${SHANGHAI}&sort=recommended`);
    const show = page.items.find((item) => item.id === shanghai.show.id)!;
    const movie = page.items.find((item) => item.id === shanghai.movie.id)!;
    expect(show.recommendation.sales).toBe(1);
    expect(movie.recommendation.sales).toBeCloseTo(100 / 300, 3);
    expect(movie.recommendation.rating).toBeCloseTo(0.92, 3);
    for (const item of [show, movie]) {
      const { rating, sales, recency, score } = item.recommendation;
      expect(score).toBeCloseTo(0.5 * rating + sales / 3 + recency / 6, 2);
    }
    const scores = page.items.map((item) => item.recommendation.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('pages with a stable order and the total', async () => {
    const all = await list('pageSize=100&sort=time');
    const second = await list('pageSize=2&page=2&sort=time');
    expect(second.total).toBe(all.total);
    expect(second.page).toBe(2);
    expect(second.items.map((item) => item.id)).toEqual(all.items.slice(2, 4).map((item) => item.id));
  });

  it('shows a production with its cities and dates, and counts the view', async () => {
    const first = await t.app.inject({ method: 'GET', url: `/api/productions/${shanghai.movie.id}` });
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body.showing).toEqual([
      { city: { code: SHANGHAI, name: '上海市' }, dates: ['2026-12-01'], priceFrom: { amount: 4500, currency: 'CNY' } },
    ]);
    const second = await t.app.inject({ method: 'GET', url: `/api/productions/${shanghai.movie.id}` });
    expect(second.json().views).toBe(body.views + 1);
  });

  it('answers 404 for a draft or unknown production and 400 for a malformed id', async () => {
    const draft = await createTestProduction(t, { title: 'Not yet' });
    expect((await t.app.inject({ method: 'GET', url: `/api/productions/${draft.id}` })).statusCode).toBe(404);
    const unknown = await t.app.inject({ method: 'GET', url: '/api/productions/00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('NOT_FOUND');
    const malformed = await t.app.inject({ method: 'GET', url: '/api/productions/nope' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('lists approved venues by city and by what they show', async () => {
    const pending = await createApprovedMerchant(t, { venue: { name: 'Approved elsewhere', cityCode: BEIJING } });
    const inShanghai = await t.app.inject({ method: 'GET', url: `/api/venues?city=${SHANGHAI}` });
    expect(inShanghai.json().items.map((venue: { id: string }) => venue.id)).toEqual([shanghai.venueId]);
    const showing = await t.app.inject({ method: 'GET', url: `/api/venues?productionId=${beijing.movie.id}` });
    expect(showing.json().items).toMatchObject([
      { id: beijing.venueId, city: { code: BEIJING, name: '北京市' }, priceFrom: { amount: 3000, currency: 'CNY' } },
    ]);
    const everywhere = await t.app.inject({ method: 'GET', url: '/api/venues?pageSize=100' });
    expect(everywhere.json().items.map((venue: { id: string }) => venue.id)).toContain(pending.venueId);
  });

  it('lists sessions with places left, counting an expired hold as free', async () => {
    const before = await t.app.inject({ method: 'GET', url: `/api/sessions?productionId=${shanghai.movie.id}` });
    expect(before.statusCode).toBe(200);
    const [session] = before.json().items;
    expect(session).toMatchObject({
      id: seatedSessionId,
      mode: 'seated',
      hall: { id: shanghai.hallId },
      localDate: '2026-12-01',
      priceFrom: { amount: 4500, currency: 'CNY' },
      available: 11,
    });
    const db = t.deps.database.db;
    const now = t.clock.now();
    await db.execute(sql`
      update inventory_unit set state = 'sold', order_id = gen_random_uuid()
      where id = (select id from inventory_unit where session_id = ${seatedSessionId} order by seat_key limit 1)`);
    await db.execute(sql`
      update inventory_unit set state = 'held', order_id = gen_random_uuid(),
        held_until = ${new Date(now.getTime() - 60_000).toISOString()}
      where id = (select id from inventory_unit where session_id = ${seatedSessionId} order by seat_key offset 1 limit 1)`);
    await db.execute(sql`
      update inventory_unit set state = 'held', order_id = gen_random_uuid(),
        held_until = ${new Date(now.getTime() + 600_000).toISOString()}
      where id = (select id from inventory_unit where session_id = ${seatedSessionId} order by seat_key offset 2 limit 1)`);
    const after = await t.app.inject({ method: 'GET', url: `/api/sessions?productionId=${shanghai.movie.id}` });
    expect(after.json().items[0].available).toBe(9);
    const tiered = await t.app.inject({ method: 'GET', url: `/api/sessions?venueId=${shanghai.venueId}&date=2026-12-02` });
    expect(tiered.json().items).toMatchObject([{ id: tieredSessionId, hall: null, available: 15 }]);
  });

  it('refuses malformed filters with 400 and the field named', async () => {
    for (const query of ['sort=bogus', 'pageSize=101', 'city=abc', 'date=2026-13-01', 'kind=opera']) {
      const response = await t.app.inject({ method: 'GET', url: `/api/productions?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(response.json().error.details.fields[0].field).toMatch(/^querystring\./);
    }
  });
});
