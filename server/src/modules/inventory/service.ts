import type { Db } from '../../db/client.js';
import { DomainError, notFound } from '../../http/errors.js';
import * as repo from './repo.js';
import type { PoolUnitSpec, SeatUnitSpec } from './repo.js';
import type { SeatLayoutCache } from './live/layouts.js';
import { notifySeatChanges } from './live/notify.js';

export type { PoolUnitSpec, SeatUnitSpec };

export type UnitState = 'free' | 'held' | 'sold' | 'blocked';

export interface SeatView {
  id: string;
  row: number;
  col: number;
  label: string | null;
  type: string | null;
  category: string | null;
  section: string | null;
  state: UnitState;
}

export interface SeatMap {
  rows: number;
  cols: number;
  seats: SeatView[];
}

/** Free and total places of one session, per tier and per seat category. */
export interface Availability {
  total: number;
  available: number;
  byTier: Map<string, { total: number; available: number }>;
  byCategory: Map<string, { total: number; available: number }>;
}

/**
 * Creates the units of a seated session: one per seat, copied from the map with its price. Runs in
 * the caller's transaction, so a session never exists without its units.
 */
export async function createSeatUnits(db: Db, sessionId: string, seats: readonly SeatUnitSpec[]): Promise<void> {
  await repo.insertSeatUnits(db, sessionId, seats);
}

/** Creates the places of tiers or entry pools, several sessions at once, in the caller's transaction. */
export async function createPoolUnits(db: Db, pools: readonly PoolUnitSpec[]): Promise<void> {
  await repo.insertPoolUnits(db, pools);
}

/** New base prices per seat category of a session that has not opened sales yet. */
export async function repriceSeatUnits(
  db: Db,
  sessionId: string,
  prices: readonly { category: string; price: number }[],
  now: Date,
): Promise<void> {
  await repo.updateSeatPrices(db, sessionId, prices, now);
}

/** New base prices per tier of a session that has not opened sales yet. */
export async function repricePoolUnits(
  db: Db,
  sessionId: string,
  prices: readonly { tierId: string; price: number }[],
  now: Date,
): Promise<void> {
  await repo.updatePoolPrices(db, sessionId, prices, now);
}

/**
 * Takes a cancelled session's units off sale for good, in the caller's transaction, and tells open
 * seat maps once it commits; answers how many changed.
 */
export async function blockSessionUnits(db: Db, sessionId: string, now: Date): Promise<number> {
  const unitIds = await repo.blockUnits(db, sessionId, now);
  await notifySeatChanges(db, { sessionId, unitIds, state: 'blocked' });
  return unitIds.length;
}

function emptyAvailability(): Availability {
  return { total: 0, available: 0, byTier: new Map(), byCategory: new Map() };
}

/** Availability of several sessions in one query, keyed by session id (every id present). */
export async function availabilityOfSessions(
  db: Db,
  sessionIds: readonly string[],
  now: Date,
): Promise<Map<string, Availability>> {
  const result = new Map(sessionIds.map((id) => [id, emptyAvailability()]));
  for (const row of await repo.countAvailability(db, sessionIds, now)) {
    const entry = result.get(row.session_id);
    if (!entry) continue;
    entry.total += row.total;
    entry.available += row.available;
    const add = (map: Map<string, { total: number; available: number }>, key: string) => {
      const current = map.get(key) ?? { total: 0, available: 0 };
      map.set(key, { total: current.total + row.total, available: current.available + row.available });
    };
    if (row.tier_id) add(entry.byTier, row.tier_id);
    if (row.category) add(entry.byCategory, row.category);
  }
  return result;
}

/**
 * The public seat map: every seat of a seated session with its state; an expired hold shows as free.
 * The seats' fixed fields come from the layout cache, so a read is one query for the seats taken now.
 */
export async function getSeatMap(db: Db, layouts: SeatLayoutCache, sessionId: string, now: Date): Promise<SeatMap> {
  const layout = await layouts.find(db, sessionId);
  if (!layout) throw notFound('Session');
  if (layout.mode !== 'seated' || layout.rows === null || layout.cols === null) {
    throw new DomainError('NOT_SEATED', 'This session sells tiers or entry places, not seats', { mode: layout.mode });
  }
  const taken = new Map((await repo.listTakenSeats(db, sessionId, now)).map((seat) => [seat.id, seat.state]));
  // Spelled out, not spread: objects of one literal shape build and serialise several times faster.
  const seats = layout.seats.map(
    (seat): SeatView => ({
      id: seat.id,
      row: seat.row,
      col: seat.col,
      label: seat.label,
      type: seat.type,
      category: seat.category,
      section: seat.section,
      state: taken.get(seat.id) ?? 'free',
    }),
  );
  return { rows: layout.rows, cols: layout.cols, seats };
}
