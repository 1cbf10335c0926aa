import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import type { Portal } from '../../src/http/actor.js';
import { accessTokenSigner } from '../../src/modules/identity/tokens.js';
import { MERCHANT_PERMISSIONS, maskOf, type Permission } from '../../src/modules/identity/permissions.js';
import { approveMerchant, createMerchantWithVenue } from '../../src/modules/venues/index.js';
import type { PretixPlan } from '../../src/modules/venues/rules/pretix.js';
import { createActor, type TestActor } from './actors.js';
import type { TestApp } from './app.js';

/** Shanghai's GB/T 2260 city code; the city list is loaded at every start. */
export const SHANGHAI = '310100';

export interface VenueFields {
  name: string;
  kind: 'cinema' | 'theatre' | 'museum' | 'concert-hall' | 'stadium';
  cityCode: string;
  address: string;
  timezone: string;
  latitude?: number;
  longitude?: number;
  phone?: string;
  cleaningBufferMinutes?: number;
}

export const venueFields = (overrides: Partial<VenueFields> = {}): VenueFields => ({
  name: '和平影城',
  kind: 'cinema',
  cityCode: SHANGHAI,
  address: '黄浦区西藏中路 268 号',
  timezone: 'Asia/Shanghai',
  ...overrides,
});

/** A token for an existing user, signed by the app's own signer (as identity would after a refresh). */
export async function signAs(
  t: TestApp,
  user: { userId: string; username: string },
  portal: Portal,
  options: { merchantId?: string | null; permissions?: readonly Permission[] } = {},
): Promise<TestActor> {
  const signer = accessTokenSigner(t.config.jwtSecret, t.config.accessTokenTtlSeconds, () => t.clock.now());
  const token = await signer.sign({
    userId: user.userId,
    portal,
    permissions: maskOf(options.permissions ?? []),
    merchantId: options.merchantId ?? null,
  });
  return { userId: user.userId, username: user.username, token, headers: { authorization: `Bearer ${token}` } };
}

export interface ApprovedMerchant {
  merchantId: string;
  venueId: string;
  /** The applicant, now the merchant's owner (a real role grant), with a merchant-portal token. */
  owner: TestActor;
}

/**
 * An approved merchant with its first venue (approved with it), made through the same use cases the
 * routes use, and a merchant-portal token for its owner: every merchant permission unless told.
 */
export async function createApprovedMerchant(
  t: TestApp,
  options: { merchantName?: string; venue?: Partial<VenueFields>; permissions?: readonly Permission[] } = {},
): Promise<ApprovedMerchant> {
  const applicant = await createActor(t, 'merchant', { permissions: [] });
  const ctx = { db: t.deps.database.db, clock: t.clock };
  const { merchant, venue } = await createMerchantWithVenue(ctx, {
    applicantUserId: applicant.userId,
    merchantName: options.merchantName ?? `Merchant ${applicant.username}`,
    venue: venueFields(options.venue),
  });
  await approveMerchant(ctx, { merchantId: merchant.id, reviewerId: null });
  const owner = await signAs(t, applicant, 'merchant', {
    merchantId: merchant.id,
    permissions: options.permissions ?? MERCHANT_PERMISSIONS,
  });
  return { merchantId: merchant.id, venueId: venue.id, owner };
}

export interface CellFields {
  row: number;
  col: number;
  kind: 'seat' | 'aisle';
  [field: string]: unknown;
}

/** A map whose every cell is a standard seat. */
export const fullGrid = (rows: number, cols: number): { rows: number; cols: number; cells: CellFields[] } => ({
  rows,
  cols,
  cells: Array.from({ length: rows * cols }, (_, i) => ({
    row: Math.floor(i / cols) + 1,
    col: (i % cols) + 1,
    kind: 'seat' as const,
  })),
});

/** A hall of a venue of the merchant, made over HTTP; a 5 × 8 grid of seats unless a map is given. */
export async function createTestHall(
  t: TestApp,
  merchant: ApprovedMerchant,
  options: { name?: string; seatMap?: object; venueId?: string } = {},
): Promise<{ id: string; venueId: string; name: string; seatCount: number; categories: string[] }> {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/merchant/venues/${options.venueId ?? merchant.venueId}/halls`,
    headers: merchant.owner.headers,
    payload: { name: options.name ?? `Hall ${Math.random().toString(36).slice(2, 8)}`, seatMap: options.seatMap ?? fullGrid(5, 8) },
  });
  if (response.statusCode !== 201) throw new Error(`hall not created: ${response.body}`);
  return response.json();
}

/** The pretix fixture: two categories, a straight and a curved row, and a staggered balcony row. */
export const smallPretixPlan = (): PretixPlan =>
  JSON.parse(
    readFileSync(new URL('../fixtures/pretix/small-two-categories.json', import.meta.url), 'utf8'),
  ) as PretixPlan;

/** Row counts of the venues tables, to show that a refused request wrote nothing. */
export async function venueCounts(t: TestApp): Promise<Record<string, number>> {
  const [row] = await queryRows<Record<string, number>>(
    t.deps.database.db,
    sql`select (select count(*) from merchant)::int as merchant,
               (select count(*) from venue)::int as venue,
               (select count(*) from hall)::int as hall,
               (select count(*) from user_role where merchant_id is not null)::int as merchant_roles`,
  );
  return row!;
}
