import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { DomainError } from '../../src/http/errors.js';
import { openEntryQuotasForVenue, quotaInputFromOptions } from '../../src/modules/scheduling/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createSchedulingWorld, schedulingCounts, type SchedulingWorld } from '../support/scheduling.js';

const TWO_SLOTS = [
  { label: 'morning', startsAt: '09:00', endsAt: '12:00', capacity: 100 },
  { label: 'afternoon', startsAt: '13:00', endsAt: '17:00', capacity: 50 },
];
const PRICES = [
  { type: 'adult', price: 6000 },
  { type: 'child', price: 3000 },
];

describe('entry quotas', () => {
  let t: TestApp;
  let museum: SchedulingWorld;
  let other: SchedulingWorld;

  beforeAll(async () => {
    t = await createTestApp();
    museum = await createSchedulingWorld(t, { venue: { kind: 'museum', name: 'City Museum' } });
    other = await createSchedulingWorld(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const open = (world: SchedulingWorld, body: object, venueId = world.venueId) =>
    t.app.inject({
      method: 'POST',
      url: `/api/merchant/venues/${venueId}/entry-quotas`,
      headers: world.owner.headers,
      payload: body,
    });

  it('opens one session per day and slot, and repeating it changes nothing', async () => {
    const body = { productionId: museum.exhibition.id, from: '2026-12-01', to: '2026-12-14', slots: TWO_SLOTS, ticketTypes: PRICES };
    const before = await schedulingCounts(t);
    const first = await open(museum, body);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ created: 28, skipped: 0 });
    const sessions = first.json().sessions;
    expect(sessions).toHaveLength(28);
    expect(sessions[0]).toMatchObject({
      localDate: '2026-12-01',
      slotLabel: 'morning',
      startsAt: '2026-12-01T01:00:00.000Z',
      endsAt: '2026-12-01T04:00:00.000Z',
      capacity: 100,
      created: true,
    });
    const afterFirst = await schedulingCounts(t);
    expect(afterFirst.session - before.session).toBe(28);
    expect(afterFirst.unit - before.unit).toBe(14 * 150);
    expect(afterFirst.tier - before.tier).toBe(28);
    expect(afterFirst.ticket_type - before.ticket_type).toBe(56);

    const again = await open(museum, body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: 0, skipped: 28 });
    expect(again.json().sessions.map((session: { id: string }) => session.id)).toEqual(
      sessions.map((session: { id: string }) => session.id),
    );
    expect(again.json().sessions.every((session: { created: boolean }) => !session.created)).toBe(true);
    expect(await schedulingCounts(t)).toEqual(afterFirst);

    // An overlapping range creates only the new days.
    const extended = await open(museum, { ...body, from: '2026-12-10', to: '2026-12-20' });
    expect(extended.json()).toMatchObject({ created: 12, skipped: 10 });
  });

  it('shows each slot as a timed-entry session with one pool at the adult price', async () => {
    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/merchant/sessions?venueId=${museum.venueId}&from=2026-12-01&to=2026-12-01`,
      headers: museum.owner.headers,
    });
    expect(listed.json().total).toBe(2);
    const morning = listed.json().items.find((item: { slotLabel: string }) => item.slotLabel === 'morning');
    const read = await t.app.inject({ method: 'GET', url: `/api/sessions/${morning.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      mode: 'timed-entry',
      slotLabel: 'morning',
      tiers: [{ name: 'morning', price: { amount: 6000, currency: 'CNY' }, capacity: 100, available: 100 }],
      ticketTypes: [
        { type: 'adult', price: { amount: 6000, currency: 'CNY' } },
        { type: 'child', price: { amount: 3000, currency: 'CNY' } },
      ],
      // Entry slots sell until they end.
      policy: { salesCloseAt: '2026-12-01T04:00:00.000Z' },
    });
  });

  it('is idempotent under parallel repeats', async () => {
    const body = { productionId: museum.exhibition.id, from: '2027-01-05', to: '2027-01-07', slots: TWO_SLOTS, ticketTypes: PRICES };
    const before = await schedulingCounts(t);
    const responses = await Promise.all([open(museum, body), open(museum, body), open(museum, body)]);
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200]);
    expect(responses.reduce((sum, response) => sum + response.json().created, 0)).toBe(6);
    const after = await schedulingCounts(t);
    expect(after.session - before.session).toBe(6);
    expect(after.unit - before.unit).toBe(3 * 150);
  });

  it('keeps 09:00 local across the late-October daylight-saving change (Europe/Berlin)', async () => {
    const berlin = await createSchedulingWorld(t, { venue: { kind: 'museum', timezone: 'Europe/Berlin' } });
    const response = await open(berlin, {
      productionId: berlin.exhibition.id,
      from: '2027-10-30',
      to: '2027-11-01',
      slots: [{ label: 'day', startsAt: '09:00', capacity: 10 }],
      ticketTypes: [{ type: 'adult', price: 1200 }],
      currency: 'EUR',
    });
    expect(response.statusCode).toBe(200);
    expect(
      response.json().sessions.map((session: { localDate: string; startsAt: string; endsAt: string }) => [
        session.localDate,
        session.startsAt,
        session.endsAt,
      ]),
    ).toEqual([
      // Summer time (UTC+2) until 31 October 2027 at 03:00, then UTC+1; 60 minutes' exhibition.
      ['2027-10-30', '2027-10-30T07:00:00.000Z', '2027-10-30T08:00:00.000Z'],
      ['2027-10-31', '2027-10-31T08:00:00.000Z', '2027-10-31T09:00:00.000Z'],
      ['2027-11-01', '2027-11-01T08:00:00.000Z', '2027-11-01T09:00:00.000Z'],
    ]);
  });

  it('creates 20,000 entry places for one slot', async () => {
    const response = await open(museum, {
      productionId: museum.exhibition.id,
      from: '2027-02-01',
      to: '2027-02-01',
      slots: [{ label: 'all-day', startsAt: '09:00', endsAt: '17:00', capacity: 20_000 }],
      ticketTypes: [{ type: 'adult', price: 5000 }],
    });
    expect(response.statusCode).toBe(200);
    const [session] = response.json().sessions;
    const [row] = await queryRows<{ count: number; free: number }>(
      t.deps.database.db,
      sql`select count(*)::int as count, (count(*) filter (where state = 'free' and price = 5000))::int as free
          from inventory_unit where session_id = ${session.id}`,
    );
    expect(row).toEqual({ count: 20_000, free: 20_000 });
  });

  it('skips slots of today that have begun', async () => {
    // The clock reads 16:00 in Shanghai on 20 November.
    const response = await open(museum, {
      productionId: museum.exhibition.id,
      from: '2026-11-20',
      to: '2026-11-20',
      slots: [
        { label: 'morning', startsAt: '09:00', capacity: 10 },
        { label: 'evening', startsAt: '18:00', capacity: 10 },
      ],
      ticketTypes: [{ type: 'adult', price: 5000 }],
    });
    expect(response.json()).toMatchObject({ created: 1, skipped: 1, sessions: [{ slotLabel: 'evening' }] });
  });

  it('needs a licence for every day of a movie quota, and writes nothing without', async () => {
    const before = await schedulingCounts(t);
    const response = await open(museum, {
      productionId: museum.movie.id,
      from: '2026-12-30',
      to: '2027-01-02',
      slots: [{ label: 'late', startsAt: '20:00', capacity: 10 }],
      ticketTypes: [{ type: 'adult', price: 5000 }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'LICENCE_REQUIRED', details: { localDate: '2027-01-01' } });
    expect(await schedulingCounts(t)).toEqual(before);
  });

  it('refuses bad requests with 400 or 422 and writes nothing', async () => {
    const base = { productionId: museum.exhibition.id, from: '2027-03-01', to: '2027-03-02', slots: TWO_SLOTS, ticketTypes: PRICES };
    const before = await schedulingCounts(t);
    const cases: [object, number, string][] = [
      [{ ...base, to: '2028-03-02' }, 422, 'DATE_RANGE_TOO_LONG'],
      [{ ...base, to: '2027-02-28' }, 422, 'INVALID_DATE_RANGE'],
      [{ ...base, from: '2026-11-01' }, 422, 'INVALID_DATE_RANGE'],
      [{ ...base, slots: [TWO_SLOTS[0], TWO_SLOTS[0]] }, 422, 'DUPLICATE_ENTRY'],
      [{ ...base, slots: [{ ...TWO_SLOTS[0], endsAt: '08:00' }] }, 422, 'INVALID_TIMES'],
      [{ ...base, ticketTypes: [{ type: 'child', price: 1 }] }, 422, 'TICKET_TYPES_INVALID'],
      [{ ...base, to: '2027-03-20', slots: [{ label: 'x', startsAt: '09:00', capacity: 60_000 }] }, 422, 'QUOTA_TOO_LARGE'],
      [{ ...base, currency: 'ABC' }, 422, 'UNKNOWN_CURRENCY'],
      [{ ...base, slots: [{ ...TWO_SLOTS[0], startsAt: '9:00' }] }, 400, 'VALIDATION_FAILED'],
      [{ ...base, slots: [{ ...TWO_SLOTS[0], capacity: 0 }] }, 400, 'VALIDATION_FAILED'],
      [{ ...base, slots: [] }, 400, 'VALIDATION_FAILED'],
      [{ ...base, ticketTypes: [{ type: 'adult', discount: 1 }] }, 400, 'VALIDATION_FAILED'],
      [{ ...base, policy: { salesOpenAt: '2027-01-01T00:00:00Z' } }, 400, 'VALIDATION_FAILED'],
      [{ ...base, from: '01/03/2027' }, 400, 'VALIDATION_FAILED'],
      [{ ...base, from: '2027-02-30' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const response = await open(museum, body);
      expect({ body, status: response.statusCode, code: response.json().error?.code }).toEqual({ body, status, code });
    }
    expect(await schedulingCounts(t)).toEqual(before);
  });

  it("answers 404 for another merchant's venue or production", async () => {
    const venue = await open(museum, { productionId: museum.exhibition.id, from: '2027-03-01', to: '2027-03-01', slots: TWO_SLOTS, ticketTypes: PRICES }, other.venueId);
    expect(venue.statusCode).toBe(404);
    const production = await open(museum, { productionId: other.exhibition.id, from: '2027-03-01', to: '2027-03-01', slots: TWO_SLOTS, ticketTypes: PRICES });
    expect(production.statusCode).toBe(404);
  });

  it('opens quotas from the command line the same way, reporting each day', async () => {
    const input = quotaInputFromOptions({
      production: museum.exhibition.id,
      from: '2027-04-01',
      to: '2027-04-03',
      slot: ['morning,09:00,12:00,40', 'evening,18:00,25'],
      type: ['adult:6000', 'senior:3000'],
    });
    expect(input.slots).toEqual([
      { label: 'morning', startsAt: '09:00', endsAt: '12:00', capacity: 40 },
      { label: 'evening', startsAt: '18:00', capacity: 25 },
    ]);
    const days: string[] = [];
    const result = await openEntryQuotasForVenue(t.deps.database.db, museum.venueId, input, {
      clock: t.clock,
      onDay: ({ localDate }) => days.push(localDate),
    });
    expect(result).toMatchObject({ created: 6, skipped: 0 });
    expect(days).toEqual(['2027-04-01', '2027-04-02', '2027-04-03']);
    const codeOf = (work: () => unknown) => {
      try {
        work();
        return null;
      } catch (error) {
        return (error as DomainError).code;
      }
    };
    expect(codeOf(() => quotaInputFromOptions({ production: museum.exhibition.id, from: '2027-04-01', to: '2027-04-03', slot: ['morning'], type: ['adult:1'] }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(codeOf(() => quotaInputFromOptions({ production: 'x', from: '2027-04-01', to: '2027-04-03', slot: ['a,09:00,1'], type: ['adult:1'] }))).toBe(
      'VALIDATION_FAILED',
    );
    await expect(openEntryQuotasForVenue(t.deps.database.db, 'not-a-venue', input, { clock: t.clock })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
