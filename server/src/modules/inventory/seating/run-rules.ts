import { partnerIndex, type GridSeat, type SeatRun } from './grid.js';

/**
 * The rules of one run of seats (see grid.ts). "Before" is the run as the grid gives it; a selection
 * marks more of its seats taken. A seat is lone when it is free and neither neighbour in the run is
 * free: taken seats, aisles, gaps and the row's ends all hem it in.
 */

/** Taken before the selection; a position outside the run is a boundary and hems a seat in like a taken one. */
function isTakenAt(run: SeatRun, index: number): boolean {
  const seat = run.seats[index];
  return seat === undefined || seat.taken;
}

/**
 * The lone seats a selection creates: free after it with no free neighbour, though they had one before.
 * Only neighbours of selected seats can change, so this looks at those alone. Seats that were lone
 * already (a single seat between two aisles, one left by earlier sales) are not the selection's doing.
 * Returns run indices, left to right; `selected` holds run indices of free seats.
 */
export function createdOrphans(run: SeatRun, selected: ReadonlySet<number>): number[] {
  const takenAfter = (index: number): boolean => isTakenAt(run, index) || selected.has(index);
  const candidates = new Set<number>();
  for (const index of selected) {
    candidates.add(index - 1);
    candidates.add(index + 1);
  }
  const orphans: number[] = [];
  for (const index of candidates) {
    if (takenAfter(index)) continue;
    const loneAfter = takenAfter(index - 1) && takenAfter(index + 1);
    const loneBefore = isTakenAt(run, index - 1) && isTakenAt(run, index + 1);
    if (loneAfter && !loneBefore) orphans.push(index);
  }
  return orphans.sort((a, b) => a - b);
}

/**
 * Whether taking the free seats `start..end` (inclusive run indices) side by side takes one half of a
 * free couple pair and not the other: only the block's edges can cut a pair, pairs inside go whole.
 */
export function splitsCouple(run: SeatRun, start: number, end: number): boolean {
  const splitsLeft = partnerIndex(run, start) === start - 1 && !isTakenAt(run, start - 1);
  return splitsLeft || (partnerIndex(run, end) === end + 1 && !isTakenAt(run, end + 1));
}

/**
 * Whether taking the free seats `start..end` side by side leaves a lone seat, in constant time: the same
 * answer as `createdOrphans` for that block, since only its two outer neighbours can become lone.
 */
export function leavesLoneSeat(run: SeatRun, start: number, end: number): boolean {
  const leftLone = !isTakenAt(run, start - 1) && isTakenAt(run, start - 2);
  return leftLone || (!isTakenAt(run, end + 1) && isTakenAt(run, end + 2));
}

/** `prefix[i]` counts the seats before index i that match, so a window's count is one subtraction. */
function prefixCount(seats: readonly GridSeat[], matches: (seat: GridSeat) => boolean): number[] {
  const prefix = [0];
  seats.forEach((seat, index) => prefix.push(prefix[index]! + (matches(seat) ? 1 : 0)));
  return prefix;
}

/** Two blocks are the same offer when they hold the same number of seats of each type and price category. */
function compositionOf(seats: readonly GridSeat[]): string {
  return seats
    .map((seat) => `${seat.type}\u0000${seat.category}`)
    .sort()
    .join('\u0001');
}

/**
 * "No other choice": a selection part that leaves lone seats in its run is still allowed when
 * 1. it is one block of seats side by side (a buyer who scatters seats chose the gaps between them), and
 * 2. no other block of the same size in the same run, with the same number of seats of each type and
 *    price category, is free, keeps couple pairs whole and leaves no lone seat.
 * So a buyer is never refused the only seats of the kind they want in that stretch of the row, but is
 * sent one block along when that block would strand no one. `indices` are the part's run indices,
 * ascending, all of free seats.
 */
export function hasNoOtherChoice(run: SeatRun, indices: readonly number[]): boolean {
  const size = indices.length;
  const first = indices[0];
  if (first === undefined || indices[size - 1]! - first + 1 !== size) return false;
  const wanted = compositionOf(indices.map((index) => run.seats[index]!));
  const prefix = prefixCount(run.seats, (seat) => seat.taken);
  for (let start = 0; start + size <= run.seats.length; start += 1) {
    const end = start + size - 1;
    if (start === first || prefix[end + 1]! - prefix[start]! > 0) continue;
    if (splitsCouple(run, start, end) || leavesLoneSeat(run, start, end)) continue;
    if (compositionOf(run.seats.slice(start, end + 1)) === wanted) return false;
  }
  return true;
}
