import type {
  BestAvailableOptions,
  GridSeat,
  SeatGrid,
  SeatSelectionCheck,
} from '../../../src/modules/inventory/seating/index.js';

/**
 * Slow, literal readings of the documented seat rules, cell by cell with no indexes or prefix sums, to
 * compare the real functions against on random halls.
 */

const key = (row: number, col: number) => `${row}:${col}`;

function cellsOf(grid: SeatGrid): Map<string, GridSeat> {
  return new Map(grid.seats.map((seat) => [key(seat.row, seat.col), seat]));
}

function partnerOf(cells: Map<string, GridSeat>, seat: GridSeat): GridSeat | undefined {
  if (seat.type === 'couple-left') {
    const right = cells.get(key(seat.row, seat.col + 1));
    return right?.type === 'couple-right' ? right : undefined;
  }
  if (seat.type === 'couple-right') {
    const left = cells.get(key(seat.row, seat.col - 1));
    return left?.type === 'couple-left' ? left : undefined;
  }
  return undefined;
}

/** The seats of the run holding `seat`, left to right. */
function runOf(cells: Map<string, GridSeat>, seat: GridSeat): GridSeat[] {
  let first = seat.col;
  while (cells.has(key(seat.row, first - 1))) first -= 1;
  const run: GridSeat[] = [];
  for (let col = first; cells.has(key(seat.row, col)); col += 1) run.push(cells.get(key(seat.row, col))!);
  return run;
}

/** Seats of the run that are lone after taking `chosen` and were not before. */
function lonelyMade(cells: Map<string, GridSeat>, run: GridSeat[], chosen: Set<string>): GridSeat[] {
  const freeBefore = (row: number, col: number) => {
    const seat = cells.get(key(row, col));
    return seat !== undefined && !seat.taken;
  };
  const freeAfter = (row: number, col: number) => {
    const seat = cells.get(key(row, col));
    return freeBefore(row, col) && !chosen.has(seat!.id);
  };
  return run.filter((seat) => {
    const { row, col } = seat;
    const loneAfter = freeAfter(row, col) && !freeAfter(row, col - 1) && !freeAfter(row, col + 1);
    const loneBefore = freeBefore(row, col) && !freeBefore(row, col - 1) && !freeBefore(row, col + 1);
    return loneAfter && !loneBefore;
  });
}

function splitsPair(cells: Map<string, GridSeat>, chosen: GridSeat[]): GridSeat[] {
  const ids = new Set(chosen.map((seat) => seat.id));
  return chosen.flatMap((seat) => {
    const partner = partnerOf(cells, seat);
    return partner && !partner.taken && !ids.has(partner.id) ? [partner] : [];
  });
}

const kindsOf = (seats: GridSeat[]) => seats.map((seat) => `${seat.type}/${seat.category}`).sort().join(',');

function noOtherChoice(cells: Map<string, GridSeat>, run: GridSeat[], part: GridSeat[]): boolean {
  const cols = part.map((seat) => seat.col).sort((a, b) => a - b);
  if (cols[cols.length - 1]! - cols[0]! + 1 !== cols.length) return false;
  for (let start = 0; start + part.length <= run.length; start += 1) {
    const block = run.slice(start, start + part.length);
    if (block[0]!.col === cols[0]) continue;
    if (block.some((seat) => seat.taken)) continue;
    if (splitsPair(cells, block).length > 0) continue;
    if (lonelyMade(cells, run, new Set(block.map((seat) => seat.id))).length > 0) continue;
    if (kindsOf(block) === kindsOf(part)) return false;
  }
  return true;
}

const hallOrder = (a: GridSeat, b: GridSeat) => a.row - b.row || a.col - b.col;

export function referenceCheck(grid: SeatGrid, requestedIds: string[]): SeatSelectionCheck {
  const cells = cellsOf(grid);
  const byId = new Map(grid.seats.map((seat) => [seat.id, seat]));
  const requested = [...new Set(requestedIds)];
  const unknown = requested.filter((id) => !byId.has(id));
  if (unknown.length > 0) return { ok: false, code: 'SEAT_NOT_FOUND', seatIds: unknown };
  const chosen = requested.map((id) => byId.get(id)!).sort(hallOrder);
  const ids = (seats: GridSeat[]) => seats.sort(hallOrder).map((seat) => seat.id);
  const taken = chosen.filter((seat) => seat.taken);
  if (taken.length > 0) return { ok: false, code: 'SEAT_UNAVAILABLE', seatIds: ids(taken) };
  const split = splitsPair(cells, chosen);
  if (split.length > 0) return { ok: false, code: 'COUPLE_SEAT_SPLIT', seatIds: ids(split) };
  const chosenIds = new Set(chosen.map((seat) => seat.id));
  const lonely: GridSeat[] = [];
  const runsSeen = new Set<string>();
  for (const seat of chosen) {
    const run = runOf(cells, seat);
    const runKey = key(run[0]!.row, run[0]!.col);
    if (runsSeen.has(runKey)) continue;
    runsSeen.add(runKey);
    const part = run.filter((other) => chosenIds.has(other.id));
    const made = lonelyMade(cells, run, new Set(part.map((other) => other.id)));
    if (made.length > 0 && !noOtherChoice(cells, run, part)) lonely.push(...made);
  }
  if (lonely.length > 0) return { ok: false, code: 'ORPHAN_SEAT', seatIds: ids(lonely) };
  return { ok: true };
}

/** Every block of `quantity` seats side by side, judged by `referenceCheck`, ranked by the float distance. */
export function referenceBest(grid: SeatGrid, quantity: number, options: BestAvailableOptions = {}): string[] | null {
  const cells = cellsOf(grid);
  const sweetRow = 1 + ((grid.rows - 1) * 2) / 3;
  const sweetCol = (grid.cols + 1) / 2;
  const offerable = (seat: GridSeat) =>
    !seat.taken &&
    (options.category === undefined || seat.category === options.category) &&
    (options.accessible === true || (seat.type !== 'wheelchair' && seat.type !== 'companion'));
  type Ranked = { seats: GridSeat[]; clean: boolean; distance: number };
  const ranked: Ranked[] = [];
  for (const seat of grid.seats) {
    const block: GridSeat[] = [];
    for (let col = seat.col; col < seat.col + quantity; col += 1) {
      const next = cells.get(key(seat.row, col));
      if (next) block.push(next);
    }
    if (block.length !== quantity || !block.every(offerable)) continue;
    if (options.accessible === true && !block.some((other) => other.type === 'wheelchair')) continue;
    const ids = block.map((other) => other.id);
    if (!referenceCheck(grid, ids).ok) continue;
    const clean = lonelyMade(cells, runOf(cells, seat), new Set(ids)).length === 0;
    const centre = (block[0]!.col + block[block.length - 1]!.col) / 2;
    const distance = Math.hypot(1.5 * (seat.row - sweetRow), centre - sweetCol);
    ranked.push({ seats: block, clean, distance });
  }
  ranked.sort(
    (a, b) =>
      Number(b.clean) - Number(a.clean) ||
      (Math.abs(a.distance - b.distance) > 1e-9 ? a.distance - b.distance : 0) ||
      b.seats[0]!.row - a.seats[0]!.row ||
      a.seats[0]!.col - b.seats[0]!.col,
  );
  return ranked[0]?.seats.map((seat) => seat.id) ?? null;
}
