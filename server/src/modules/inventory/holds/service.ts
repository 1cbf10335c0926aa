import type { SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { databaseFaultOf } from '../../../db/errors.js';
import { DomainError } from '../../../http/errors.js';
import { asSeatType, bestAvailable, checkSeatSelection, type BestAvailableOptions } from '../seating/index.js';
import type { GridSeat, SeatGrid } from '../seating/index.js';
import * as repo from './repo.js';
import type { Gate, HoldUnitsInput, SeatRow } from './repo.js';
import './errors.js';

export type { Gate, HoldUnitsInput };

/**
 * A place a hold has locked and found free: what an order item needs to price and describe it.
 * The lock lasts until the caller's transaction ends; `holdUnitsSql` then marks it held.
 */
export interface LockedUnit {
  id: string;
  /** The unit's base price, before any ticket-type discount. */
  price: number;
  /** Seats: the seat's label ("3排12座"). */
  seatLabel: string | null;
  /** Pool places: their tier. */
  tierId: string | null;
}

/** One seat offered by best available. */
export interface OfferedSeat {
  id: string;
  row: number;
  col: number;
  label: string | null;
  type: string | null;
  category: string | null;
}

/** How often a best-available hold picks again when others lock its choice first. */
const BEST_SEAT_ATTEMPTS = 8;

const SEAT_RULE_MESSAGES = {
  SEAT_NOT_FOUND: 'Some seats are not seats of this session',
  SEAT_UNAVAILABLE: 'Some seats are taken',
  COUPLE_SEAT_SPLIT: 'Couple seats go in pairs: add the partner seats',
  ORPHAN_SEAT: 'This choice would leave a single seat on its own; choose seats next to it instead',
} as const;

const gridOf = (rows: readonly SeatRow[], rowsCount: number, colsCount: number, alsoTaken?: ReadonlySet<string>): SeatGrid => ({
  rows: rowsCount,
  cols: colsCount,
  seats: rows.map(
    (row): GridSeat => ({
      id: row.id,
      row: row.row,
      col: row.col,
      type: asSeatType(row.type),
      category: row.category ?? '',
      taken: row.taken || (alsoTaken?.has(row.id) ?? false),
    }),
  ),
});

/** The seats' own extent: the grid size for the seat rules, which never read it. */
const extentOf = (rows: readonly SeatRow[]) => ({
  rows: rows.reduce((max, row) => Math.max(max, row.row), 0),
  cols: rows.reduce((max, row) => Math.max(max, row.col), 0),
});

/** The session's grid, whose size places best available's sweet spot. */
const sizeOf = (seats: readonly { grid_rows: number; grid_cols: number }[]) => ({
  rows: seats[0]?.grid_rows ?? 0,
  cols: seats[0]?.grid_cols ?? 0,
});

const seatUnit = (row: SeatRow): LockedUnit => ({
  id: row.id,
  price: Number(row.price),
  seatLabel: row.label,
  tierId: null,
});

/** Throws the seat rule a choice breaks, judged against `rows` (the choice and the rest of its rows). */
function assertSeatRules(rows: readonly SeatRow[], seatIds: readonly string[]): void {
  const { rows: rowCount, cols } = extentOf(rows);
  const check = checkSeatSelection(gridOf(rows, rowCount, cols), seatIds);
  if (!check.ok) throw new DomainError(check.code, SEAT_RULE_MESSAGES[check.code], { seatIds: check.seatIds });
}

/**
 * Refuses, before any transaction, a choice of named seats that the seat rules refuse as the seats are
 * now (unknown or taken seats, a couple split, a lone seat left behind): in a rush most attempts are
 * such, and answering them from one unlocked read spares the database a transaction, its locks and
 * two round trips each. Only a refusal is decided here, never a hold: a seat freed a moment later is
 * refused as if the buyer had come a moment earlier. Blocked seats pass, so the hold itself can tell a
 * cancelled session (SALES_CLOSED) from taken seats.
 */
export async function precheckRequestedSeats(
  db: Db,
  sessionId: string,
  seatIds: readonly string[],
  now: Date,
): Promise<void> {
  const rows = await repo.readSeatsWithRows(db, sessionId, seatIds, now, { lock: false });
  if (rows.some((row) => row.blocked)) return;
  assertSeatRules(rows, seatIds);
}

/**
 * Locks the seats a buyer named (in id order) and judges the choice against the seats around them as
 * they are now: unknown seats, taken seats, a couple split or a lone seat left behind refuse the hold
 * (SEAT_NOT_FOUND, SEAT_UNAVAILABLE, COUPLE_SEAT_SPLIT, ORPHAN_SEAT, `details.seatIds`). Answers the
 * seats in the order named. Runs in the caller's transaction; `gate` runs first, in the same statement.
 */
export async function lockRequestedSeats(
  db: Db,
  sessionId: string,
  seatIds: readonly string[],
  now: Date,
  gate?: Gate,
): Promise<LockedUnit[]> {
  const rows = await repo.readSeatsWithRows(db, sessionId, seatIds, now, { lock: true, gate });
  assertSeatRules(rows, seatIds);
  const byId = new Map(rows.filter((row) => row.requested).map((row) => [row.id, row]));
  return seatIds.map((id) => seatUnit(byId.get(id)!));
}

/**
 * Picks `quantity` seats side by side nearest the sweet spot and locks them. Seats another buyer has
 * locked meanwhile count as taken and the pick runs again, so parallel best-available buyers spread
 * over the hall instead of queuing for the same block. SOLD_OUT when no block fits; HOLD_BUSY when
 * others keep taking every block picked. Answers the seats left to right. `gate` runs first.
 */
export async function lockBestSeats(
  db: Db,
  sessionId: string,
  quantity: number,
  options: BestAvailableOptions,
  now: Date,
  gate?: Gate,
): Promise<LockedUnit[]> {
  const contended = new Set<string>();
  for (let attempt = 0; attempt < BEST_SEAT_ATTEMPTS; attempt += 1) {
    const seats = await repo.readSeats(db, sessionId, now, attempt === 0 ? gate : undefined);
    const { rows, cols } = sizeOf(seats);
    const picked = bestAvailable(gridOf(seats, rows, cols, contended), quantity, options);
    if (!picked) throw soldOutSeats(quantity);
    const locked = new Map(
      (await repo.lockSeatsUnlessLocked(db, sessionId, picked, now)).filter((row) => !row.taken).map((row) => [row.id, row]),
    );
    if (picked.every((id) => locked.has(id))) return picked.map((id) => seatUnit(locked.get(id)!));
    for (const id of picked) if (!locked.has(id)) contended.add(id);
  }
  throw holdBusy();
}

/** Best available for a seat map reader: the seats a hold would pick now, nothing locked. SOLD_OUT when none fit. */
export async function findBestSeats(
  db: Db,
  sessionId: string,
  quantity: number,
  options: BestAvailableOptions,
  now: Date,
): Promise<OfferedSeat[]> {
  const seats = await repo.readSeats(db, sessionId, now, undefined);
  const { rows, cols } = sizeOf(seats);
  const picked = bestAvailable(gridOf(seats, rows, cols), quantity, options);
  if (!picked) throw soldOutSeats(quantity);
  const byId = new Map(seats.map((seat) => [seat.id, seat]));
  return picked.map((id) => {
    const seat = byId.get(id)!;
    return { id, row: seat.row, col: seat.col, label: seat.label, type: seat.type, category: seat.category };
  });
}

const soldOutSeats = (quantity: number) =>
  new DomainError('SOLD_OUT', `No ${quantity} seats side by side are free`, { quantity });

/**
 * Locks `quantity` free places of one pool (a tier, or a timed-entry slot), skipping places others have
 * locked. SOLD_OUT (`details.tierId`, `available`, `requested`) when the pool has fewer left. `gate`
 * runs first.
 */
export async function lockPoolPlaces(
  db: Db,
  sessionId: string,
  tierId: string,
  quantity: number,
  now: Date,
  gate?: Gate,
): Promise<LockedUnit[]> {
  const units = await repo.lockPoolUnits(db, sessionId, tierId, quantity, now, gate);
  if (units.length < quantity) {
    throw new DomainError('SOLD_OUT', `Only ${units.length} places of this tier are left`, {
      tierId,
      available: units.length,
      requested: quantity,
    });
  }
  return units.map((unit) => ({ id: unit.id, price: Number(unit.price), seatLabel: null, tierId }));
}

/**
 * The statement that marks locked units held by an order, for the orders module to run in the same
 * statement as the order it writes (`with held as (...)`): one round trip for order, hold and items.
 * Only units still free or lapsed change; `onlyIf` can veto the whole hold. Returns the ids held.
 */
export function holdUnitsSql(input: HoldUnitsInput, onlyIf: SQL): SQL {
  return repo.holdUnitsSql(input, onlyIf);
}

/** Units that changed state, per session: what live seat maps are told. */
export type ReleasedUnits = Map<string, string[]>;

/**
 * Frees the units that the given (cancelled or expired) orders still hold, waiting for their locks in
 * id order; with `skipLocked`, units another transaction has locked are left to it (it is taking them
 * over, and a lapsed hold counts as free anyway). Answers the freed unit ids per session.
 */
export async function releaseOrderUnits(
  db: Db,
  orderIds: readonly string[],
  now: Date,
  options: { skipLocked?: boolean } = {},
): Promise<ReleasedUnits> {
  const released: ReleasedUnits = new Map();
  if (orderIds.length === 0) return released;
  for (const unit of await repo.releaseHeldUnits(db, orderIds, now, options.skipLocked ?? false)) {
    const list = released.get(unit.session_id);
    if (list) list.push(unit.id);
    else released.set(unit.session_id, [unit.id]);
  }
  return released;
}

const holdBusy = () =>
  new DomainError('HOLD_BUSY', 'Other buyers are taking these places right now; try again in a moment', undefined, 1);

/** SQLSTATEs of a lock wait that ran out (lock_timeout) and of a lock cycle the database broke. */
const LOCK_FAILURES = new Set(['55P03', '40P01']);

/**
 * HOLD_BUSY for a database error that only says the hold lost a race for locks (nothing was held, a
 * retry can succeed), wherever the driver wrapped it; null for anything else.
 */
export function holdBusyFor(error: unknown): DomainError | null {
  const fault = databaseFaultOf(error);
  return fault && LOCK_FAILURES.has(fault.code) ? holdBusy() : null;
}

/** Keeps an order's held units until `until` (a payment started); answers the units whose hold moved. */
export async function extendOrderHold(db: Db, orderId: string, until: Date, now: Date): Promise<string[]> {
  return repo.extendHeldUnits(db, orderId, until, now);
}

/**
 * Sells an order's units when it is paid, in the caller's transaction: every unit must still be held
 * by the order (its hold may have lapsed), or be free, or be held by another lapsed hold; then all
 * become sold to the order. Answers 'unavailable' (changing nothing) when one is sold, blocked or held
 * by another live hold: a late payment then cannot have its places.
 */
export async function sellOrderUnits(
  db: Db,
  orderId: string,
  unitIds: readonly string[],
  now: Date,
): Promise<'sold' | 'unavailable'> {
  const units = await repo.lockUnits(db, unitIds);
  const ours = (unit: repo.UnitForSale) =>
    unit.state === 'free' ||
    (unit.state === 'held' && (unit.order_id === orderId || new Date(unit.held_until!).getTime() <= now.getTime()));
  if (units.length !== unitIds.length || !units.every(ours)) return 'unavailable';
  const sold = await repo.sellUnits(db, orderId, unitIds, now);
  // Every unit was locked and checked above, so the compare-and-set cannot miss one.
  if (sold.length !== unitIds.length) throw new DomainError('CONFLICT', 'The places changed meanwhile');
  return 'sold';
}

/**
 * Puts refunded places back on sale: sold (to this order) → free, each exactly once. Answers the units
 * freed; a unit no longer sold to the order (blocked by a cancelled session) is left as it is.
 */
export async function freeRefundedUnits(db: Db, orderId: string, unitIds: readonly string[], now: Date): Promise<string[]> {
  if (unitIds.length === 0) return [];
  return repo.freeSoldUnits(db, orderId, unitIds, now);
}
