import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { seedDemo } from '../../src/seed/demo.js';
import { createTestApp, type TestApp } from '../support/app.js';

const BEIJING = '110100';

describe('the demo data', () => {
  let t: TestApp;
  let sessions = 0;
  const steps: { done: number; total: number; label: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const result = await seedDemo(t.deps, (step) => steps.push(step));
    expect(result.seeded).toBe(true);
    sessions = result.sessions;
  });
  afterAll(async () => {
    await t.close();
  });

  const login = (portal: string, username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { portal, username, password } });

  it('reports its progress and loads nothing a second time', async () => {
    expect(steps.length).toBeGreaterThan(10);
    // The progress bar ends full: the last step is step `total` of `total`.
    expect(steps.map((step) => step.done)).toEqual(steps.map((_, index) => index + 1));
    expect(steps.at(-1)!.done).toBe(steps.at(-1)!.total);
    const [before] = await queryRows<{ count: number }>(t.deps.database.db, sql`select count(*)::int as count from session`);
    expect(before!.count).toBe(sessions);
    expect(await seedDemo(t.deps)).toEqual({ seeded: false, sessions: 0 });
    const [after] = await queryRows<{ count: number }>(t.deps.database.db, sql`select count(*)::int as count from session`);
    expect(after!.count).toBe(sessions);
  });

  it('signs in the demo customer and the merchant, who works for the demo merchant', async () => {
    const customer = await login('customer', 'demo', 'demo123');
    expect(customer.statusCode).toBe(200);
    const merchant = await login('merchant', 'merchant', 'merchant123');
    expect(merchant.statusCode).toBe(200);
    const venues = await t.app.inject({
      method: 'GET',
      url: '/api/merchant/venues',
      headers: { authorization: `Bearer ${merchant.json().accessToken}` },
    });
    expect(venues.statusCode).toBe(200);
    expect(venues.json().items.map((venue: { kind: string; status: string }) => `${venue.kind}:${venue.status}`).sort()).toEqual(
      ['cinema:approved', 'museum:approved', 'theatre:approved'],
    );
  });

  it('has six movies on in Beijing, each with a week of sessions', async () => {
    const movies = await t.app.inject({ method: 'GET', url: `/api/productions?city=${BEIJING}&kind=movie` });
    expect(movies.json().total).toBe(6);
    const dates = new Set<string>();
    for (const movie of movies.json().items as { id: string }[]) {
      const detail = await t.app.inject({ method: 'GET', url: `/api/productions/${movie.id}` });
      for (const date of detail.json().showing[0].dates) dates.add(date);
    }
    expect(dates.size).toBe(7);
  });

  it('shows a session seat map of the 10 × 16 hall with VIP rows and couple seats', async () => {
    const [hall] = await queryRows<{ id: string }>(t.deps.database.db, sql`select id from hall where name = '1号厅'`);
    const [session] = await queryRows<{ id: string }>(
      t.deps.database.db,
      sql`select id from session where hall_id = ${hall!.id} order by starts_at limit 1`,
    );
    const seats = await t.app.inject({ method: 'GET', url: `/api/sessions/${session!.id}/seats` });
    expect(seats.statusCode).toBe(200);
    const map = seats.json();
    expect([map.rows, map.cols]).toEqual([10, 16]);
    expect(map.seats).toHaveLength(10 * 14);
    const types = new Set(map.seats.map((seat: { type: string }) => seat.type));
    expect([...types].sort()).toEqual(['couple-left', 'couple-right', 'standard', 'vip']);
    expect(map.seats.every((seat: { state: string }) => seat.state === 'free')).toBe(true);
  });

  it('sells a tiered concert, an open rehearsal starting soon, and a museum with morning and afternoon entry for two weeks', async () => {
    const concerts = await t.app.inject({ method: 'GET', url: `/api/productions?city=${BEIJING}&kind=performance` });
    expect(concerts.json().total).toBe(2);
    const tiered = await queryRows<{ id: string; places: number; starts_in_minutes: number }>(
      t.deps.database.db,
      sql`select s.id, (select count(*)::int from inventory_unit u where u.session_id = s.id) as places,
                 extract(epoch from s.starts_at - ${t.clock.now().toISOString()}::timestamptz)::int / 60 as starts_in_minutes
          from session s where s.mode = 'tiered' order by s.starts_at desc`,
    );
    expect(tiered.map((session) => session.places)).toEqual([1500, 200]);
    // The open rehearsal starts 45 to 60 minutes after the first start: its tickets open at the door at once.
    expect(tiered[1]!.starts_in_minutes).toBeGreaterThanOrEqual(45);
    expect(tiered[1]!.starts_in_minutes).toBeLessThanOrEqual(60);
    const [museum] = await queryRows<{ days: number; slots: number; free: number }>(
      t.deps.database.db,
      sql`select count(distinct local_date)::int as days, count(distinct slot_label)::int as slots,
                 (select count(*)::int from session_ticket_type tt join session s2 on s2.id = tt.session_id
                   where s2.mode = 'timed-entry' and tt.type = 'child' and tt.price = 0) as free
          from session where mode = 'timed-entry'`,
    );
    expect(museum!.slots).toBe(2);
    expect(museum!.days).toBeGreaterThanOrEqual(13);
    expect(museum!.free).toBeGreaterThan(0);
  });
});
