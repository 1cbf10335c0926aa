import { runsOf, type GridSeat, type SeatGrid, type SeatRun } from './grid.js';
import { leavesLoneSeat, splitsCouple } from './run-rules.js';

export interface BestAvailableOptions {
  /**
   * Seats for a wheelchair user and their party: the block must hold at least one wheelchair space
   * (companion seats welcome). Without it, wheelchair and companion seats are never offered, so they stay
   * free for the people who need them.
   */
  accessible?: boolean;
  /** Only seats of this price category. */
  category?: string;
}

/** A block found so far: the first `quantity` seats of `run` from `start`. */
interface Candidate {
  score: number;
  row: number;
  firstCol: number;
  run: SeatRun;
  start: number;
}

/** The leaders so far, in two tiers: blocks that leave no lone seat, and blocks that do. */
interface Leaders {
  clean: Candidate | null;
  orphaning: Candidate | null;
}

/**
 * How far a block is from the hall's sweet spot, as a whole number so ties are exact.
 * The sweet spot is the centre column, two thirds of the way from the front row to the back row:
 * row (2·rows + 1) / 3, column (cols + 1) / 2. A row step weighs 1.5 seat widths, because rows lie
 * further apart than seats and being too near or too far spoils the view more than being a little off
 * centre. With dr = 3·row − (2·rows + 1) and dc = firstCol + lastCol − (cols + 1) (three times and twice
 * the real offsets), the weighted squared distance (1.5·Δrow)² + Δcol² is (dr² + dc²) / 4; this is dr² + dc².
 */
function sweetSpotScore(grid: SeatGrid, row: number, firstCol: number, lastCol: number): number {
  const dr = 3 * row - (2 * grid.rows + 1);
  const dc = firstCol + lastCol - (grid.cols + 1);
  return dr * dr + dc * dc;
}

/** Nearer wins; at equal distance the row further back (it takes in the whole screen or stage), then the left block. */
function beats(score: number, row: number, firstCol: number, best: Candidate | null): boolean {
  if (best === null) return true;
  if (score !== best.score) return score < best.score;
  if (row !== best.row) return row > best.row;
  return firstCol < best.firstCol;
}

/** Whether a seat may be offered under the options: free, of the category asked for, accessible only when asked. */
function isOfferable(seat: GridSeat, options: BestAvailableOptions): boolean {
  if (seat.taken) return false;
  if (options.category !== undefined && seat.category !== options.category) return false;
  const accessibleSeat = seat.type === 'wheelchair' || seat.type === 'companion';
  return options.accessible === true || !accessibleSeat;
}

/**
 * Offers every block of one run to the leaders, in one pass: a block ending at `end` is offerable when the
 * streak of offerable seats ending there is long enough, and holds a wheelchair space when the last one
 * seen is inside it. A candidate is only built when it leads.
 */
function considerRun(
  grid: SeatGrid,
  run: SeatRun,
  quantity: number,
  options: BestAvailableOptions,
  leaders: Leaders,
): void {
  let streak = 0;
  let lastWheelchair = -1;
  run.seats.forEach((seat, end) => {
    streak = isOfferable(seat, options) ? streak + 1 : 0;
    if (seat.type === 'wheelchair') lastWheelchair = end;
    const start = end - quantity + 1;
    if (streak < quantity) return;
    if (options.accessible === true && lastWheelchair < start) return;
    if (splitsCouple(run, start, end)) return;
    const firstCol = run.seats[start]!.col;
    const score = sweetSpotScore(grid, run.row, firstCol, seat.col);
    const tier = leavesLoneSeat(run, start, end) ? 'orphaning' : 'clean';
    if (beats(score, run.row, firstCol, leaders[tier])) leaders[tier] = { score, row: run.row, firstCol, run, start };
  });
}

/**
 * `quantity` free seats side by side in one run, nearest the sweet spot (see `sweetSpotScore`), as seat
 * ids left to right; null when no run has room (or `quantity` is not a positive integer).
 * - Couple pairs are never split; a pair counts as two seats.
 * - A block that leaves no lone seat always wins over one that does, however far. Only when the options
 *   allow no such block anywhere in the hall does the nearest block that leaves a lone seat answer: a
 *   block of the same seat types and categories that left none would have passed the same options, so
 *   there is none, `checkSeatSelection` accepts the answer ("no other choice"), and a party is seated
 *   together rather than turned away.
 * The answer always passes `checkSeatSelection` on the same grid; it is deterministic; linear in the grid's
 * seats for a given quantity.
 */
export function bestAvailable(grid: SeatGrid, quantity: number, options: BestAvailableOptions = {}): string[] | null {
  if (!Number.isInteger(quantity) || quantity < 1) return null;
  const leaders: Leaders = { clean: null, orphaning: null };
  for (const run of runsOf(grid.seats)) considerRun(grid, run, quantity, options, leaders);
  const chosen = leaders.clean ?? leaders.orphaning;
  return chosen ? chosen.run.seats.slice(chosen.start, chosen.start + quantity).map((seat) => seat.id) : null;
}
