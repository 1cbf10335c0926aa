import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { createSession, getSessionForOrdering } from '../../src/modules/scheduling/index.js';
import { createActor } from '../support/actors.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestProduction } from '../support/catalog.js';
import {
  createSchedulingWorld,
  postSession,
  schedulingCounts,
  seatedBody,
  unitStates,
  type SchedulingWorld,
} from '../support/scheduling.js';
import { signAs, venueFields } from '../support/venues.js';

describe('merchant sessions', () => {
  let t: TestApp;
  let world: SchedulingWorld;
  let other: SchedulingWorld;

  beforeAll(async () => {
    t = await createTestApp();
    world = await createSchedulingWorld(t);
    other = await createSchedulingWorld(t);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('creating', () => {
    it('creates a seated session with one unit per seat at its category price, and default policy', async () => {
      const response = await postSession(t, world.owner, seatedBody(world, { startsAt: '2026-12-02T10:00:00+08:00' }));
      expect(response.statusCode).toBe(201);
      const session = response.json();
      expect(session).toMatchObject({
        mode: 'seated',
        status: 'scheduled',
        startsAt: '2026-12-02T02:00:00.000Z',
        endsAt: '2026-12-02T04:00:00.000Z',
        localDate: '2026-12-02',
        currency: 'CNY',
        hallId: world.hallId,
        venueId: world.venueId,
        merchantId: world.merchant.merchantId,
        production: { id: world.movie.id, kind: 'movie', durationMinutes: 120 },
        venue: { id: world.venueId, timezone: 'Asia/Shanghai' },
        capacity: 11,
        available: 11,
        onSale: true,
        tiers: [],
        ticketTypes: [{ type: 'adult', price: null, discount: { amount: 0, currency: 'CNY' } }],
        policy: {
          holdMinutes: 15,
          maxTicketsPerUser: 6,
          oneOrderPerUser: false,
          realName: false,
          refundCutoffMinutes: 60,
          refundFeePercent: 0,
          salesOpenAt: t.clock.now().toISOString(),
          salesCloseAt: '2026-12-02T02:00:00.000Z',
        },
      });
      expect(session.seatCategories).toEqual(
        expect.arrayContaining([
          { category: 'vip', price: { amount: 6500, currency: 'CNY' }, seats: 4, available: 4 },
          { category: 'standard', price: { amount: 4500, currency: 'CNY' }, seats: 7, available: 7 },
        ]),
      );
      const units = await queryRows<{ category: string; price: number; count: number; labels: string[] }>(
        t.deps.database.db,
        sql`select category, price::int as price, count(*)::int as count from inventory_unit
            where session_id = ${session.id} group by category, price order by category`,
      );
      expect(units).toEqual([
        { category: 'standard', price: 4500, count: 7 },
        { category: 'vip', price: 6500, count: 4 },
      ]);
    });

    it('creates a tiered session with one unit per tier place', async () => {
      const response = await postSession(t, world.owner, {
        productionId: world.show.id,
        mode: 'tiered',
        venueId: world.venueId,
        startsAt: '2026-12-05T19:30:00+08:00',
        tiers: [
          { name: 'VIP', price: 128000, capacity: 20 },
          { name: 'Stalls', price: 38000, capacity: 150 },
        ],
        ticketTypes: [{ type: 'student', discount: 5000 }],
        currency: 'CNY',
        policy: { maxTicketsPerUser: 4, realName: true, refundFeePercent: 10 },
      });
      expect(response.statusCode).toBe(201);
      const session = response.json();
      expect(session).toMatchObject({
        mode: 'tiered',
        hall: null,
        endsAt: '2026-12-05T13:00:00.000Z',
        capacity: 170,
        available: 170,
        seatCategories: [],
        policy: { maxTicketsPerUser: 4, realName: true, refundFeePercent: 10, holdMinutes: 15 },
        ticketTypes: [
          { type: 'adult', price: null, discount: { amount: 0, currency: 'CNY' } },
          { type: 'student', price: null, discount: { amount: 5000, currency: 'CNY' } },
        ],
      });
      expect(session.tiers.map((tier: { name: string; capacity: number; available: number; price: { amount: number } }) => [tier.name, tier.price.amount, tier.capacity, tier.available])).toEqual([
        ['VIP', 128000, 20, 20],
        ['Stalls', 38000, 150, 150],
      ]);
      const perTier = await queryRows<{ tier_id: string; count: number; price: number }>(
        t.deps.database.db,
        sql`select tier_id::text as tier_id, count(*)::int as count, min(price)::int as price from inventory_unit
            where session_id = ${session.id} group by tier_id`,
      );
      expect(perTier).toHaveLength(2);
      expect(perTier.find((row) => row.tier_id === session.tiers[0].id)).toMatchObject({ count: 20, price: 128000 });
    });

    it('creates a timed-entry session with one pool priced at the adult price', async () => {
      const response = await postSession(t, world.owner, {
        productionId: world.exhibition.id,
        mode: 'timed-entry',
        venueId: world.venueId,
        startsAt: '2026-12-06T09:00:00+08:00',
        endsAt: '2026-12-06T12:00:00+08:00',
        capacity: 300,
        ticketTypes: [
          { type: 'adult', price: 6000 },
          { type: 'student', price: 3000 },
        ],
      });
      expect(response.statusCode).toBe(201);
      const session = response.json();
      expect(session).toMatchObject({
        mode: 'timed-entry',
        capacity: 300,
        available: 300,
        tiers: [{ name: 'General admission', price: { amount: 6000, currency: 'CNY' }, capacity: 300, available: 300 }],
        ticketTypes: [
          { type: 'adult', price: { amount: 6000, currency: 'CNY' }, discount: null },
          { type: 'student', price: { amount: 3000, currency: 'CNY' }, discount: null },
        ],
      });
      expect(await unitStates(t, session.id)).toEqual({ free: 300 });
    });

    it('names the categories without a price (PRICE_MISSING) and refuses unknown ones, writing nothing', async () => {
      const before = await schedulingCounts(t);
      const missing = await postSession(
        t,
        world.owner,
        seatedBody(world, { startsAt: '2026-12-20T10:00:00+08:00', prices: [{ category: 'standard', price: 4500 }] }),
      );
      expect(missing.statusCode).toBe(422);
      expect(missing.json().error).toMatchObject({ code: 'PRICE_MISSING', details: { categories: ['vip'] } });
      const unknown = await postSession(
        t,
        world.owner,
        seatedBody(world, {
          startsAt: '2026-12-20T10:00:00+08:00',
          prices: [
            { category: 'standard', price: 4500 },
            { category: 'vip', price: 6500 },
            { category: 'gold', price: 9900 },
          ],
        }),
      );
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().error).toMatchObject({ code: 'UNKNOWN_CATEGORY', details: { categories: ['gold'] } });
      expect(await schedulingCounts(t)).toEqual(before);
    });

    it('refuses bad input with 400 or 422 and writes nothing', async () => {
      const before = await schedulingCounts(t);
      const cases: [object, number, string][] = [
        [{ ...seatedBody(world), extra: 1 }, 400, 'VALIDATION_FAILED'],
        [seatedBody(world, { startsAt: 'tomorrow' }), 400, 'VALIDATION_FAILED'],
        [seatedBody(world, { prices: [{ category: 'standard', price: '4500' }] }), 400, 'VALIDATION_FAILED'],
        [seatedBody(world, { prices: [{ category: 'standard', price: 45.5 }] }), 400, 'VALIDATION_FAILED'],
        [seatedBody(world, { prices: [{ category: 'standard', price: -1 }] }), 400, 'VALIDATION_FAILED'],
        [seatedBody(world, { currency: 'cny' }), 400, 'VALIDATION_FAILED'],
        [seatedBody(world, { mode: 'standing' }), 400, 'VALIDATION_FAILED'],
        [seatedBody(world, { productionId: 'not-a-uuid' }), 400, 'VALIDATION_FAILED'],
        [seatedBody(world, { policy: { holdMinutes: 0 } }), 400, 'VALIDATION_FAILED'],
        [seatedBody(world, { policy: { surprise: true } }), 400, 'VALIDATION_FAILED'],
        [seatedBody(world, { currency: 'XYZ' }), 422, 'UNKNOWN_CURRENCY'],
        [seatedBody(world, { hallId: undefined, venueId: world.venueId }), 422, 'MODE_MISMATCH'],
        [seatedBody(world, { tiers: [{ name: 'A', price: 1, capacity: 1 }] }), 422, 'MODE_MISMATCH'],
        [seatedBody(world, { startsAt: '2026-11-19T10:00:00+08:00' }), 422, 'INVALID_TIMES'],
        [seatedBody(world, { endsAt: '2026-12-01T19:00:00+08:00' }), 422, 'INVALID_TIMES'],
        [seatedBody(world, { policy: { salesCloseAt: '2026-12-01T23:00:00+08:00' } }), 422, 'INVALID_SALES_WINDOW'],
        [seatedBody(world, { ticketTypes: [{ type: 'student', price: 3000 }] }), 422, 'TICKET_TYPES_INVALID'],
        [seatedBody(world, { ticketTypes: [{ type: 'student', discount: 5000 }] }), 422, 'TICKET_TYPES_INVALID'],
        [
          { productionId: world.show.id, mode: 'tiered', venueId: world.venueId, startsAt: '2026-12-07T19:30:00+08:00' },
          422,
          'MODE_MISMATCH',
        ],
        [
          {
            productionId: world.show.id,
            mode: 'tiered',
            venueId: world.venueId,
            startsAt: '2026-12-07T19:30:00+08:00',
            tiers: [
              { name: 'A', price: 100, capacity: 10 },
              { name: 'A', price: 200, capacity: 10 },
            ],
          },
          422,
          'DUPLICATE_ENTRY',
        ],
        [
          {
            productionId: world.exhibition.id,
            mode: 'timed-entry',
            venueId: world.venueId,
            startsAt: '2026-12-07T09:00:00+08:00',
            capacity: 10,
            tiers: [{ name: 'A', capacity: 10 }],
            ticketTypes: [{ type: 'adult', price: 100 }],
          },
          422,
          'MODE_MISMATCH',
        ],
        [
          {
            productionId: world.exhibition.id,
            mode: 'timed-entry',
            venueId: world.venueId,
            startsAt: '2026-12-07T09:00:00+08:00',
            capacity: 10,
            ticketTypes: [{ type: 'child', price: 100 }],
          },
          422,
          'TICKET_TYPES_INVALID',
        ],
        [
          {
            productionId: world.show.id,
            mode: 'tiered',
            venueId: world.venueId,
            startsAt: '2026-12-07T19:30:00+08:00',
            tiers: ['A', 'B', 'C'].map((name) => ({ name, price: 100, capacity: 100_000 })),
          },
          422,
          'CAPACITY_TOO_LARGE',
        ],
      ];
      for (const [body, status, code] of cases) {
        const response = await postSession(t, world.owner, body);
        expect({ body, status: response.statusCode, code: response.json().error?.code }).toEqual({ body, status, code });
      }
      const malformed = await t.app.inject({
        method: 'POST',
        url: '/api/merchant/sessions',
        headers: { ...world.owner.headers, 'content-type': 'application/json' },
        payload: '{"productionId":',
      });
      expect(malformed.statusCode).toBe(400);
      expect(await schedulingCounts(t)).toEqual(before);
    });

    it('refuses unpublished productions and unapproved venues', async () => {
      const draft = await createTestProduction(t, { kind: 'performance', merchantId: world.merchant.merchantId });
      const unpublished = await postSession(t, world.owner, {
        productionId: draft.id,
        mode: 'tiered',
        venueId: world.venueId,
        startsAt: '2026-12-08T19:30:00+08:00',
        tiers: [{ name: 'A', price: 100, capacity: 10 }],
      });
      expect(unpublished.statusCode).toBe(422);
      expect(unpublished.json().error.code).toBe('PRODUCTION_NOT_PUBLISHED');

      const added = await t.app.inject({
        method: 'POST',
        url: '/api/merchant/venues',
        headers: world.owner.headers,
        payload: venueFields({ name: 'New site' }),
      });
      expect(added.statusCode).toBe(201);
      expect(added.json().status).toBe('pending');
      const pending = await postSession(t, world.owner, {
        productionId: world.show.id,
        mode: 'tiered',
        venueId: added.json().id,
        startsAt: '2026-12-08T19:30:00+08:00',
        tiers: [{ name: 'A', price: 100, capacity: 10 }],
      });
      expect(pending.statusCode).toBe(422);
      expect(pending.json().error.code).toBe('VENUE_NOT_APPROVED');
    });

    it("answers 404 for another merchant's venue, hall and production", async () => {
      const hall = await postSession(t, world.owner, seatedBody(world, { hallId: other.hallId }));
      expect(hall.statusCode).toBe(404);
      const venue = await postSession(t, world.owner, {
        productionId: world.show.id,
        mode: 'tiered',
        venueId: other.venueId,
        startsAt: '2026-12-08T19:30:00+08:00',
        tiers: [{ name: 'A', price: 100, capacity: 10 }],
      });
      expect(venue.statusCode).toBe(404);
      const production = await postSession(t, world.owner, {
        productionId: other.show.id,
        mode: 'tiered',
        venueId: world.venueId,
        startsAt: '2026-12-08T19:30:00+08:00',
        tiers: [{ name: 'A', price: 100, capacity: 10 }],
      });
      expect(production.statusCode).toBe(404);
      expect([hall, venue, production].map((response) => response.json().error.code)).toEqual([
        'NOT_FOUND',
        'NOT_FOUND',
        'NOT_FOUND',
      ]);
    });
  });

  describe('for other modules', () => {
    it('creates a session without an HTTP actor and gives orders everything they need', async () => {
      const view = await createSession(
        t.deps.database.db,
        world.merchant.merchantId,
        {
          productionId: world.show.id,
          mode: 'tiered',
          venueId: world.venueId,
          startsAt: '2026-12-13T19:30:00+08:00',
          tiers: [{ name: 'All', price: 20000, capacity: 8 }],
          ticketTypes: [{ type: 'child', discount: 5000 }],
          policy: { oneOrderPerUser: true },
        },
        t.clock,
      );
      const forOrdering = await getSessionForOrdering(t.deps.database.db, view.id);
      expect(forOrdering).toMatchObject({
        id: view.id,
        merchantId: world.merchant.merchantId,
        venueId: world.venueId,
        mode: 'tiered',
        status: 'scheduled',
        currency: 'CNY',
        timezone: 'Asia/Shanghai',
        localDate: '2026-12-13',
        prices: [],
        tiers: [{ id: view.tiers[0]!.id, name: 'All', price: 20000, capacity: 8 }],
        ticketTypes: [
          { type: 'adult', price: null, discount: 0 },
          { type: 'child', price: null, discount: 5000 },
        ],
        policy: { oneOrderPerUser: true, holdMinutes: 15, maxTicketsPerUser: 6 },
      });
      expect(forOrdering.startsAt).toEqual(new Date('2026-12-13T11:30:00Z'));
      await expect(getSessionForOrdering(t.deps.database.db, randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(getSessionForOrdering(t.deps.database.db, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('documents its routes in the OpenAPI spec', async () => {
      const spec = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
      for (const path of [
        '/api/merchant/sessions',
        '/api/merchant/sessions/{id}',
        '/api/merchant/sessions/{id}/cancel',
        '/api/merchant/venues/{id}/entry-quotas',
        '/api/sessions/{id}',
        '/api/sessions/{id}/seats',
      ]) {
        expect(Object.keys(spec.paths)).toContain(path);
      }
    });
  });

  describe('the hall timetable', () => {
    // A fresh hall per case keeps the timetables apart; the buffer is the venue's 15 minutes.
    let busy: SchedulingWorld;
    beforeAll(async () => {
      busy = await createSchedulingWorld(t);
    });

    it('accepts a start exactly at the end plus the buffer, and refuses a minute earlier (HALL_BUSY)', async () => {
      const first = await postSession(t, busy.owner, seatedBody(busy, { startsAt: '2026-12-10T10:00:00+08:00' }));
      expect(first.statusCode).toBe(201);
      // 10:00 + 120 min + 15 min buffer = 12:15.
      const early = await postSession(t, busy.owner, seatedBody(busy, { startsAt: '2026-12-10T12:14:00+08:00' }));
      expect(early.statusCode).toBe(409);
      expect(early.json().error).toMatchObject({ code: 'HALL_BUSY', details: { sessionId: first.json().id } });
      const onTime = await postSession(t, busy.owner, seatedBody(busy, { startsAt: '2026-12-10T12:15:00+08:00' }));
      expect(onTime.statusCode).toBe(201);
    });

    it('applies the buffer the other way round: a session ending too close before another', async () => {
      // The 10:00 session exists; one from 07:45 to 09:45 ends exactly 15 minutes before it.
      const late = await postSession(
        t,
        busy.owner,
        seatedBody(busy, { startsAt: '2026-12-10T07:46:00+08:00', endsAt: '2026-12-10T09:46:00+08:00' }),
      );
      expect(late.statusCode).toBe(409);
      expect(late.json().error.code).toBe('HALL_BUSY');
      const fits = await postSession(
        t,
        busy.owner,
        seatedBody(busy, { startsAt: '2026-12-10T07:45:00+08:00', endsAt: '2026-12-10T09:45:00+08:00' }),
      );
      expect(fits.statusCode).toBe(201);
    });

    it('lets a cancelled session free its slot', async () => {
      const first = await postSession(t, busy.owner, seatedBody(busy, { startsAt: '2026-12-11T10:00:00+08:00' }));
      expect(first.statusCode).toBe(201);
      const cancel = await t.app.inject({
        method: 'POST',
        url: `/api/merchant/sessions/${first.json().id}/cancel`,
        headers: busy.owner.headers,
      });
      expect(cancel.statusCode).toBe(200);
      const again = await postSession(t, busy.owner, seatedBody(busy, { startsAt: '2026-12-11T10:30:00+08:00' }));
      expect(again.statusCode).toBe(201);
    });

    it('lets exactly one of parallel creates for one slot win', async () => {
      const before = await schedulingCounts(t);
      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          postSession(t, busy.owner, seatedBody(busy, { startsAt: `2026-12-12T10:0${i}:00+08:00` })),
        ),
      );
      const statuses = responses.map((response) => response.statusCode).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
      const after = await schedulingCounts(t);
      expect(after.session - before.session).toBe(1);
      expect(after.unit - before.unit).toBe(11);
    });
  });

  describe('licences', () => {
    it('needs a licence covering the local date of a movie session', async () => {
      const outside = await postSession(t, world.owner, seatedBody(world, { startsAt: '2027-01-05T19:30:00+08:00' }));
      expect(outside.statusCode).toBe(422);
      expect(outside.json().error).toMatchObject({
        code: 'LICENCE_REQUIRED',
        details: { productionId: world.movie.id, localDate: '2027-01-05' },
      });
      const unlicensed = await createTestProduction(t, { kind: 'movie', status: 'published' });
      const none = await postSession(
        t,
        world.owner,
        seatedBody(world, { productionId: unlicensed.id, startsAt: '2026-12-15T19:30:00+08:00' }),
      );
      expect(none.json().error.code).toBe('LICENCE_REQUIRED');
    });

    it("counts the venue's local date, not the UTC one", async () => {
      // 07:30 on 1 January in Shanghai is 23:30 on 31 December in UTC: outside a licence ending 31 December.
      const newYear = await postSession(t, world.owner, seatedBody(world, { startsAt: '2027-01-01T07:30:00+08:00' }));
      expect(newYear.statusCode).toBe(422);
      expect(newYear.json().error.details.localDate).toBe('2027-01-01');
      // 23:30 on 31 December in New York is 04:30 on 1 January in UTC: inside it.
      const newYork = await createSchedulingWorld(t, {
        venue: { timezone: 'America/New_York', cityCode: '310100' },
      });
      const lateShow = await postSession(t, newYork.owner, seatedBody(newYork, { startsAt: '2026-12-31T23:30:00-05:00' }));
      expect(lateShow.statusCode).toBe(201);
      expect(lateShow.json()).toMatchObject({ localDate: '2026-12-31', startsAt: '2027-01-01T04:30:00.000Z' });
      // And its performances need no licence at all.
      const show = await postSession(t, newYork.owner, {
        productionId: newYork.show.id,
        mode: 'tiered',
        venueId: newYork.venueId,
        startsAt: '2027-03-01T20:00:00-05:00',
        tiers: [{ name: 'All', price: 100, capacity: 5 }],
      });
      expect(show.statusCode).toBe(201);
    });
  });

  describe('reading', () => {
    let sessionId: string;
    beforeAll(async () => {
      const created = await postSession(t, world.owner, seatedBody(world, { startsAt: '2026-12-21T19:30:00+08:00' }));
      sessionId = created.json().id;
    });

    it('lists the merchant’s sessions with filters and pages', async () => {
      const all = await t.app.inject({ method: 'GET', url: '/api/merchant/sessions?pageSize=100', headers: world.owner.headers });
      expect(all.statusCode).toBe(200);
      expect(all.json().items.every((item: { venueId: string }) => item.venueId !== other.venueId)).toBe(true);
      expect(all.json().items.map((item: { id: string }) => item.id)).toContain(sessionId);

      const day = await t.app.inject({
        method: 'GET',
        url: `/api/merchant/sessions?from=2026-12-21&to=2026-12-21&hallId=${world.hallId}`,
        headers: world.owner.headers,
      });
      expect(day.json()).toMatchObject({ total: 1, page: 1, pageSize: 20 });
      expect(day.json().items[0]).toMatchObject({ id: sessionId, capacity: 11, available: 11, localDate: '2026-12-21' });

      const tiered = await t.app.inject({
        method: 'GET',
        url: `/api/merchant/sessions?productionId=${world.show.id}&status=scheduled`,
        headers: world.owner.headers,
      });
      expect(tiered.json().items.every((item: { mode: string }) => item.mode === 'tiered')).toBe(true);

      const paged = await t.app.inject({ method: 'GET', url: '/api/merchant/sessions?pageSize=1&page=2', headers: world.owner.headers });
      expect(paged.json().items).toHaveLength(1);
      expect(paged.json().total).toBe(all.json().total);

      for (const from of ['tomorrow', '2026-02-30']) {
        const bad = await t.app.inject({ method: 'GET', url: `/api/merchant/sessions?from=${from}`, headers: world.owner.headers });
        expect(bad.statusCode).toBe(400);
      }
    });

    it("reads one session, and answers 404 for another merchant's", async () => {
      const own = await t.app.inject({ method: 'GET', url: `/api/merchant/sessions/${sessionId}`, headers: world.owner.headers });
      expect(own.statusCode).toBe(200);
      expect(own.json()).toMatchObject({ id: sessionId, hall: { id: world.hallId } });
      const foreign = await t.app.inject({ method: 'GET', url: `/api/merchant/sessions/${sessionId}`, headers: other.owner.headers });
      expect(foreign.statusCode).toBe(404);
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/merchant/sessions/${sessionId}`,
        headers: other.owner.headers,
        payload: { policy: { holdMinutes: 10 } },
      });
      expect(patch.statusCode).toBe(404);
      const cancel = await t.app.inject({
        method: 'POST',
        url: `/api/merchant/sessions/${sessionId}/cancel`,
        headers: other.owner.headers,
      });
      expect(cancel.statusCode).toBe(404);
      expect(await unitStates(t, sessionId)).toEqual({ free: 11 });
    });

    it('guards the merchant portal: no token, another portal, no permission, no merchant', async () => {
      const none = await t.app.inject({ method: 'GET', url: '/api/merchant/sessions' });
      expect(none.statusCode).toBe(401);
      const customer = await createActor(t, 'customer');
      const wrongPortal = await t.app.inject({ method: 'GET', url: '/api/merchant/sessions', headers: customer.headers });
      expect(wrongPortal.statusCode).toBe(401);
      const gate = await signAs(t, world.owner, 'merchant', {
        merchantId: world.merchant.merchantId,
        permissions: ['merchant.checkin'],
      });
      const forbidden = await postSession(t, gate, seatedBody(world, { startsAt: '2026-12-22T19:30:00+08:00' }));
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json().error.code).toBe('FORBIDDEN');
      const applicant = await createActor(t, 'merchant');
      const unapproved = await t.app.inject({ method: 'GET', url: '/api/merchant/sessions', headers: applicant.headers });
      expect(unapproved.statusCode).toBe(403);
      expect(unapproved.json().error.code).toBe('MERCHANT_NOT_APPROVED');
    });
  });
});
