import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { merchant, venue, type MerchantRow, type VenueKind, type VenueRow, type VenueStatus } from '../tables.js';

export interface NewVenue {
  merchantId: string;
  name: string;
  kind: VenueKind;
  cityCode: string;
  address: string;
  timezone: string;
  latitude: number | null;
  longitude: number | null;
  phone: string | null;
  cleaningBufferMinutes?: number;
}

export async function insertVenue(db: Db, values: NewVenue, now: Date): Promise<VenueRow> {
  const [row] = await db
    .insert(venue)
    .values({ ...values, status: 'pending', createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

/** A venue of this merchant; another merchant's venue is null like a missing one. */
export async function findVenueOfMerchant(
  db: Db,
  merchantId: string,
  venueId: string,
  options: { lock?: boolean } = {},
): Promise<VenueRow | null> {
  const query = db
    .select()
    .from(venue)
    .where(and(eq(venue.id, venueId), eq(venue.merchantId, merchantId)));
  const [row] = options.lock ? await query.for('no key update') : await query;
  return row ?? null;
}

export async function listVenuesOfMerchants(db: Db, merchantIds: string[]): Promise<VenueRow[]> {
  if (merchantIds.length === 0) return [];
  return db
    .select()
    .from(venue)
    .where(inArray(venue.merchantId, merchantIds))
    .orderBy(asc(venue.createdAt), asc(venue.id));
}

export async function listVenues(
  db: Db,
  filter: { merchantId?: string; status?: VenueStatus; cityCode?: string; limit: number; offset: number },
): Promise<{ rows: { venue: VenueRow; merchant: MerchantRow }[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.merchantId) conditions.push(eq(venue.merchantId, filter.merchantId));
  if (filter.status) conditions.push(eq(venue.status, filter.status));
  if (filter.cityCode) conditions.push(eq(venue.cityCode, filter.cityCode));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const rows = await db
    .select({ venue, merchant })
    .from(venue)
    .innerJoin(merchant, eq(merchant.id, venue.merchantId))
    .where(where)
    .orderBy(asc(venue.createdAt), asc(venue.id))
    .limit(filter.limit)
    .offset(filter.offset);
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(venue).where(where);
  return { rows, total: Number(count?.total ?? 0) };
}

export type VenueChanges = Partial<
  Pick<VenueRow, 'name' | 'address' | 'timezone' | 'latitude' | 'longitude' | 'phone' | 'cleaningBufferMinutes' | 'status'>
> & { rejectReason?: null };

export async function updateVenue(db: Db, venueId: string, changes: VenueChanges, now: Date): Promise<VenueRow> {
  const [row] = await db
    .update(venue)
    .set({ ...changes, updatedAt: now })
    .where(eq(venue.id, venueId))
    .returning();
  return row!;
}

/**
 * Compare-and-set review of a pending venue whose merchant is approved (a new merchant's first venue
 * is reviewed with its application instead). Null when either does not hold.
 */
export async function reviewVenue(
  db: Db,
  venueId: string,
  review: { status: 'approved' | 'rejected'; reviewerId: string | null; reason: string | null; now: Date },
): Promise<VenueRow | null> {
  const [row] = await db
    .update(venue)
    .set({
      status: review.status,
      rejectReason: review.reason,
      reviewedBy: review.reviewerId,
      reviewedAt: review.now,
      updatedAt: review.now,
    })
    .where(
      and(
        eq(venue.id, venueId),
        eq(venue.status, 'pending'),
        sql`exists (select 1 from merchant m where m.id = ${venue.merchantId} and m.status = 'approved')`,
      ),
    )
    .returning();
  return row ?? null;
}

/** Reviews the venues that came with a merchant's application, together with the application. */
export async function reviewApplicationVenues(
  db: Db,
  merchantId: string,
  review: { status: 'approved' | 'rejected'; reviewerId: string | null; reason: string | null; now: Date },
): Promise<VenueRow[]> {
  return db
    .update(venue)
    .set({
      status: review.status,
      rejectReason: review.reason,
      reviewedBy: review.reviewerId,
      reviewedAt: review.now,
      updatedAt: review.now,
    })
    .where(and(eq(venue.merchantId, merchantId), eq(venue.status, 'pending')))
    .returning();
}

export async function findVenue(db: Db, venueId: string): Promise<VenueRow | null> {
  const [row] = await db.select().from(venue).where(eq(venue.id, venueId));
  return row ?? null;
}
