import { locate, partnerIndex, type SeatGrid, type SeatPlace, type SeatRun } from './grid.js';
import { createdOrphans, hasNoOtherChoice } from './run-rules.js';

/**
 * Why a seat selection is refused, in the order they are checked (the first that applies answers):
 * - SEAT_NOT_FOUND: an id is not a seat of this grid; `seatIds` are the unknown ids, in request order.
 * - SEAT_UNAVAILABLE: a requested seat is taken (held, sold or blocked); `seatIds` are all such seats.
 * - COUPLE_SEAT_SPLIT: a couple half is requested while its free partner is not; `seatIds` are the missing
 *   partners. A half whose partner is already taken may be sold alone: nobody is split by it.
 * - ORPHAN_SEAT: the selection would leave a free seat alone (see run-rules.ts) without "no other choice";
 *   `seatIds` are the seats it would leave alone.
 * Seat ids other than SEAT_NOT_FOUND's come in hall order: front row first, then left to right.
 */
export type SeatRuleCode = 'SEAT_NOT_FOUND' | 'SEAT_UNAVAILABLE' | 'COUPLE_SEAT_SPLIT' | 'ORPHAN_SEAT';

export type SeatSelectionCheck = { ok: true } | { ok: false; code: SeatRuleCode; seatIds: string[] };

const refuse = (code: SeatRuleCode, seatIds: string[]): SeatSelectionCheck => ({ ok: false, code, seatIds });

const seatAt = (place: SeatPlace) => place.run.seats[place.index]!;

const byHallOrder = (a: SeatPlace, b: SeatPlace): number =>
  seatAt(a).row - seatAt(b).row || seatAt(a).col - seatAt(b).col;

/** Free partners of requested couple halves that the request leaves out. */
function missingPartners(places: readonly SeatPlace[], requested: ReadonlySet<string>): SeatPlace[] {
  const missing: SeatPlace[] = [];
  for (const place of places) {
    const partner = partnerIndex(place.run, place.index);
    if (partner === null) continue;
    const seat = place.run.seats[partner]!;
    if (!seat.taken && !requested.has(seat.id)) missing.push({ run: place.run, index: partner });
  }
  return missing;
}

/** The selection's seats per run, each list ascending. */
function indicesByRun(places: readonly SeatPlace[]): Map<SeatRun, number[]> {
  const byRun = new Map<SeatRun, number[]>();
  for (const place of places) {
    const indices = byRun.get(place.run);
    if (indices) indices.push(place.index);
    else byRun.set(place.run, [place.index]);
  }
  for (const indices of byRun.values()) indices.sort((a, b) => a - b);
  return byRun;
}

/** Lone seats the selection creates in runs where the buyer had another choice. */
function forbiddenOrphans(places: readonly SeatPlace[]): SeatPlace[] {
  const orphans: SeatPlace[] = [];
  for (const [run, indices] of indicesByRun(places)) {
    const created = createdOrphans(run, new Set(indices));
    if (created.length === 0 || hasNoOtherChoice(run, indices)) continue;
    orphans.push(...created.map((index) => ({ run, index })));
  }
  return orphans;
}

/**
 * Judges a buyer's seat choice against the current grid (taken = held, sold or blocked right now).
 * Duplicate ids count once; an empty selection is fine (the caller decides whether it may be empty).
 * The grid must hold at least every row the selection touches, whole: the orphan rule looks along the row.
 * Runs in time linear in the grid's seats.
 */
export function checkSeatSelection(grid: SeatGrid, requestedSeatIds: readonly string[]): SeatSelectionCheck {
  const requested = new Set(requestedSeatIds);
  const placeOf = locate(grid, requested);
  const unknown = [...requested].filter((id) => !placeOf.has(id));
  if (unknown.length > 0) return refuse('SEAT_NOT_FOUND', unknown);

  const places = [...placeOf.values()].sort(byHallOrder);
  const ids = (list: SeatPlace[]) => list.sort(byHallOrder).map((place) => seatAt(place).id);

  const taken = places.filter((place) => seatAt(place).taken);
  if (taken.length > 0) return refuse('SEAT_UNAVAILABLE', ids(taken));

  const partners = missingPartners(places, requested);
  if (partners.length > 0) return refuse('COUPLE_SEAT_SPLIT', ids(partners));

  const orphans = forbiddenOrphans(places);
  if (orphans.length > 0) return refuse('ORPHAN_SEAT', ids(orphans));
  return { ok: true };
}
