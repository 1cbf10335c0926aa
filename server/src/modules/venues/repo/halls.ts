import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import type { StoredSeatMap } from '../rules/seat-map.js';
import { hall, venue, type HallRow, type VenueRow } from '../tables.js';

export interface HallValues {
  name: string;
  rows: number;
  cols: number;
  seatCount: number;
  seatMap: StoredSeatMap;
  categories: string[];
}

/** Null when the venue has a hall of that name already (the unique (venue_id, name) decides). */
export async function insertHall(db: Db, venueId: string, values: HallValues, now: Date): Promise<HallRow | null> {
  const [row] = await db
    .insert(hall)
    .values({ ...values, venueId, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: [hall.venueId, hall.name] })
    .returning();
  return row ?? null;
}

export async function hallNameTaken(db: Db, venueId: string, name: string, exceptHallId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: hall.id })
    .from(hall)
    .where(and(eq(hall.venueId, venueId), eq(hall.name, name), ne(hall.id, exceptHallId)));
  return row !== undefined;
}

export async function updateHall(db: Db, hallId: string, values: HallValues, now: Date): Promise<HallRow> {
  const [row] = await db
    .update(hall)
    .set({ ...values, updatedAt: now })
    .where(eq(hall.id, hallId))
    .returning();
  return row!;
}

/** A hall of one of this merchant's venues, with its venue; another merchant's hall is null. */
export async function findHallOfMerchant(
  db: Db,
  merchantId: string,
  hallId: string,
): Promise<{ hall: HallRow; venue: VenueRow } | null> {
  const [row] = await db
    .select({ hall, venue })
    .from(hall)
    .innerJoin(venue, eq(venue.id, hall.venueId))
    .where(and(eq(hall.id, hallId), eq(venue.merchantId, merchantId)));
  return row ?? null;
}

export async function listHallsOfVenue(
  db: Db,
  venueId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: Omit<HallRow, 'seatMap'>[]; total: number }> {
  const rows = await db
    .select({
      id: hall.id,
      venueId: hall.venueId,
      name: hall.name,
      rows: hall.rows,
      cols: hall.cols,
      seatCount: hall.seatCount,
      categories: hall.categories,
      createdAt: hall.createdAt,
      updatedAt: hall.updatedAt,
    })
    .from(hall)
    .where(eq(hall.venueId, venueId))
    .orderBy(asc(hall.name), asc(hall.id))
    .limit(page.limit)
    .offset(page.offset);
  const [count] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(hall)
    .where(eq(hall.venueId, venueId));
  return { rows, total: Number(count?.total ?? 0) };
}
