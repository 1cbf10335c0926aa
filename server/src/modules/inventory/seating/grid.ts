/**
 * The seat grid the seating rules judge: one session's seats with their positions and whether each is
 * taken right now. Rows and columns count from 1; row 1 is the front (nearest the screen or stage).
 * A cell with no seat is an aisle or a gap.
 */
/** The seat types of a hall's map: the list the venues module checks maps against. */
export const SEAT_TYPES = ['standard', 'vip', 'couple-left', 'couple-right', 'wheelchair', 'companion'] as const;
export type SeatType = (typeof SEAT_TYPES)[number];

export interface GridSeat {
  readonly id: string;
  readonly row: number;
  readonly col: number;
  readonly type: SeatType;
  /** The price category: only best-available's `category` option and the "no other choice" test read it. */
  readonly category: string;
  /** Held by an unexpired hold, sold or blocked: anything a new hold may not take. */
  readonly taken: boolean;
}

export interface SeatGrid {
  readonly rows: number;
  readonly cols: number;
  readonly seats: readonly GridSeat[];
}

/** A maximal stretch of seats side by side in one row, left to right; an aisle, a gap or the row's end bounds it. */
export interface SeatRun {
  readonly row: number;
  readonly seats: readonly GridSeat[];
}

export interface SeatPlace {
  readonly run: SeatRun;
  readonly index: number;
}

const isSeatType = (value: string): value is SeatType => (SEAT_TYPES as readonly string[]).includes(value);

/**
 * Units store the type as text copied from a validated map; anything unknown (or missing) is judged as a
 * standard seat, so a stray value can never make a seat impossible to sell.
 */
export function asSeatType(value: string | null | undefined): SeatType {
  return value !== null && value !== undefined && isSeatType(value) ? value : 'standard';
}

const byHallOrder = (a: GridSeat, b: GridSeat): number => a.row - b.row || a.col - b.col;

const isInHallOrder = (seats: readonly GridSeat[]): boolean =>
  seats.every((seat, index) => index === 0 || byHallOrder(seats[index - 1]!, seat) < 0);

/**
 * Every run of the given seats: front row first, then left to right. A run ends where the next seat is in
 * another row or not in the very next column. Units are read in hall order, so this is one pass; seats in
 * any other order are sorted first.
 */
export function runsOf(seats: readonly GridSeat[]): SeatRun[] {
  const ordered = isInHallOrder(seats) ? seats : [...seats].sort(byHallOrder);
  const runs: SeatRun[] = [];
  let current: GridSeat[] = [];
  for (const seat of ordered) {
    const previous = current[current.length - 1];
    if (previous && (seat.row !== previous.row || seat.col !== previous.col + 1)) {
      runs.push({ row: previous.row, seats: current });
      current = [];
    }
    current.push(seat);
  }
  if (current.length > 0) runs.push({ row: current[0]!.row, seats: current });
  return runs;
}

/**
 * Where each of `ids` sits, with the whole run around it; ids that are no seat of the grid are absent.
 * Only the rows holding a requested seat are cut into runs, and no map of every seat is built, so a
 * large hall costs two cheap passes over its seats.
 */
export function locate(grid: SeatGrid, ids: ReadonlySet<string>): Map<string, SeatPlace> {
  const rows = new Set<number>();
  for (const seat of grid.seats) if (ids.has(seat.id)) rows.add(seat.row);
  const places = new Map<string, SeatPlace>();
  for (const run of runsOf(grid.seats.filter((seat) => rows.has(seat.row)))) {
    run.seats.forEach((seat, index) => {
      if (ids.has(seat.id)) places.set(seat.id, { run, index });
    });
  }
  return places;
}

/**
 * The index of a couple seat's partner in its run, or null. A couple-left pairs with the couple-right
 * directly to its right, and only with it; a half without that neighbour (a map the venue rules would
 * refuse) is judged as a single seat.
 */
export function partnerIndex(run: SeatRun, index: number): number | null {
  const seat = run.seats[index];
  if (seat?.type === 'couple-left' && run.seats[index + 1]?.type === 'couple-right') return index + 1;
  if (seat?.type === 'couple-right' && run.seats[index - 1]?.type === 'couple-left') return index - 1;
  return null;
}
