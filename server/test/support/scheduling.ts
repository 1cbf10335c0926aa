import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { createLicence } from '../../src/modules/licensing/index.js';
import type { ProductionView } from '../../src/modules/catalog/index.js';
import type { TestActor } from './actors.js';
import type { TestApp } from './app.js';
import { createTestProduction } from './catalog.js';
import { createApprovedMerchant, createTestHall, type ApprovedMerchant, type VenueFields } from './venues.js';

/**
 * A 3 × 4 map: row 1 four vip seats; rows 2 and 3 standard seats, the last cell of row 3 an aisle.
 * 4 vip + 7 standard = 11 seats.
 */
export const SMALL_MAP = {
  rows: 3,
  cols: 4,
  cells: [
    ...[1, 2, 3, 4].map((col) => ({ row: 1, col, kind: 'seat' as const, type: 'vip' })),
    ...[1, 2, 3, 4].map((col) => ({ row: 2, col, kind: 'seat' as const })),
    ...[1, 2, 3].map((col) => ({ row: 3, col, kind: 'seat' as const })),
  ],
};

export interface SchedulingWorld {
  merchant: ApprovedMerchant;
  owner: TestActor;
  venueId: string;
  hallId: string;
  /** A published platform movie of 120 minutes, licensed to the merchant for `licence`. */
  movie: ProductionView;
  /** A published performance of the merchant's own, 90 minutes. */
  show: ProductionView;
  /** A published exhibition of the merchant's own, 60 minutes. */
  exhibition: ProductionView;
}

/**
 * An approved merchant with an approved venue (Asia/Shanghai, 15 minutes' cleaning buffer unless told),
 * a hall with SMALL_MAP, a licensed movie and its own published performance and exhibition.
 */
export async function createSchedulingWorld(
  t: TestApp,
  options: { venue?: Partial<VenueFields>; licence?: { from: string; to: string } | null; seatMap?: object } = {},
): Promise<SchedulingWorld> {
  const merchant = await createApprovedMerchant(t, { venue: options.venue });
  const hall = await createTestHall(t, merchant, { seatMap: options.seatMap ?? SMALL_MAP });
  const movie = await createTestProduction(t, { kind: 'movie', status: 'published', durationMinutes: 120 });
  const show = await createTestProduction(t, {
    kind: 'performance',
    status: 'published',
    durationMinutes: 90,
    merchantId: merchant.merchantId,
  });
  const exhibition = await createTestProduction(t, {
    kind: 'exhibition',
    status: 'published',
    durationMinutes: 60,
    merchantId: merchant.merchantId,
  });
  const licence = options.licence === undefined ? { from: '2026-12-01', to: '2026-12-31' } : options.licence;
  if (licence) {
    await createLicence(t.deps.database.db, { merchantId: merchant.merchantId, productionId: movie.id, ...licence }, t.clock);
  }
  return {
    merchant,
    owner: merchant.owner,
    venueId: merchant.venueId,
    hallId: hall.id,
    movie,
    show,
    exhibition,
  };
}

/** The body of a seated movie session in the world's hall. */
export const seatedBody = (world: SchedulingWorld, overrides: Record<string, unknown> = {}) => ({
  productionId: world.movie.id,
  mode: 'seated',
  hallId: world.hallId,
  startsAt: '2026-12-01T19:30:00+08:00',
  prices: [
    { category: 'standard', price: 4500 },
    { category: 'vip', price: 6500 },
  ],
  ...overrides,
});

export async function postSession(t: TestApp, actor: TestActor, body: object) {
  return t.app.inject({ method: 'POST', url: '/api/merchant/sessions', headers: actor.headers, payload: body });
}

export interface SchedulingCounts {
  session: number;
  price: number;
  tier: number;
  ticket_type: number;
  unit: number;
}

/** Row counts of the scheduling and inventory tables, to show that a refused request wrote nothing. */
export async function schedulingCounts(t: TestApp): Promise<SchedulingCounts> {
  const [row] = await queryRows<SchedulingCounts>(
    t.deps.database.db,
    sql`select (select count(*) from session)::int as session,
               (select count(*) from session_price)::int as price,
               (select count(*) from session_tier)::int as tier,
               (select count(*) from session_ticket_type)::int as ticket_type,
               (select count(*) from inventory_unit)::int as unit`,
  );
  return row!;
}

/** Units of one session by state. */
export async function unitStates(t: TestApp, sessionId: string): Promise<Record<string, number>> {
  const rows = await queryRows<{ state: string; count: number }>(
    t.deps.database.db,
    sql`select state, count(*)::int as count from inventory_unit where session_id = ${sessionId} group by state`,
  );
  return Object.fromEntries(rows.map((row) => [row.state, row.count]));
}
