import { DomainError } from '../../../http/errors.js';

/**
 * Seat maps: a grid of `rows` × `cols` cells counted from 1; each listed cell is a seat or an aisle,
 * and a cell not listed is an aisle. These rules check a map a merchant sends and turn it into the
 * normalised form a hall stores (seats only, row-major, every default filled in).
 *
 * Defaults, per seat:
 * - `number`: its count among the seats of its row, left to right (1, 2, …), unless given;
 * - `rowLabel`: the row number as text ("1", "2", …), unless given;
 * - `label`: `${rowLabel}排${number}座` (e.g. "3排12座"), unless given;
 * - `type`: `standard`; `category`: `vip` for vip seats, else `standard`;
 * - `seatKey`: `r${row}c${col}` (a pretix import keeps each seat's `seat_guid`).
 */
export const MAX_GRID_SIZE = 100;

export const SEAT_TYPES = ['standard', 'vip', 'couple-left', 'couple-right', 'wheelchair', 'companion'] as const;
export type SeatType = (typeof SEAT_TYPES)[number];

/** Price categories: letters and digits with inner spaces, dots, dashes and underscores; 1 to 40 characters. */
const CATEGORY_FORMAT = /^[\p{L}\p{N}](?:[\p{L}\p{N} _.-]*[\p{L}\p{N}])?$/u;
const MAX_CATEGORY_LENGTH = 40;
const MAX_LABEL_LENGTH = 40;
const MAX_ROW_LABEL_LENGTH = 16;
/** Enough to name every problem of a sloppy map without answering with megabytes. */
const MAX_PROBLEMS_LISTED = 200;

export interface CellInput {
  row: number;
  col: number;
  kind: 'seat' | 'aisle';
  seatKey?: string;
  label?: string;
  rowLabel?: string;
  number?: number;
  type?: string;
  category?: string;
  section?: string | null;
}

export interface SeatMapInput {
  rows: number;
  cols: number;
  /** When given, every seat's category must be one of these (a pretix plan always declares them). */
  categories?: string[];
  cells: CellInput[];
}

/** One seat of a normalised map: what a hall stores and what a session copies. */
export interface Seat {
  seatKey: string;
  row: number;
  col: number;
  rowLabel: string;
  number: number;
  label: string;
  type: SeatType;
  category: string;
  section: string | null;
}

export interface StoredCell extends Seat {
  kind: 'seat';
}

export interface StoredSeatMap {
  rows: number;
  cols: number;
  cells: StoredCell[];
}

export interface NormalisedSeatMap {
  map: StoredSeatMap;
  seatCount: number;
  /** The categories in use: in declared order when declared, else in order of first appearance. */
  categories: string[];
}

export type CellProblemCode =
  | 'outside-grid'
  | 'duplicate-position'
  | 'duplicate-label'
  | 'duplicate-seat-key'
  | 'unknown-type'
  | 'invalid-category'
  | 'undeclared-category'
  | 'invalid-label'
  | 'couple-half-alone'
  | 'couple-halves-not-adjacent'
  | 'couple-categories-differ';

export type MapProblemCode = 'grid-too-large' | 'grid-too-small' | 'no-seats' | 'invalid-declared-category';

export interface CellProblem {
  row: number;
  col: number;
  problem: CellProblemCode;
  label?: string;
  seatKey?: string;
}

export interface MapProblem {
  problem: MapProblemCode;
  value?: string | number;
}

export interface SeatMapProblems {
  cells: CellProblem[];
  map: MapProblem[];
}

const isSeatType = (value: string): value is SeatType => (SEAT_TYPES as readonly string[]).includes(value);

export const isValidCategory = (value: string): boolean =>
  value.length <= MAX_CATEGORY_LENGTH && CATEGORY_FORMAT.test(value);

const positionKey = (row: number, col: number): string => `${row}:${col}`;

/** Fills in every default (see the top of this file) without judging the result. */
function seatsWithDefaults(input: SeatMapInput): Seat[] {
  const seatCells = input.cells.filter((cell) => cell.kind === 'seat');
  const ordered = [...seatCells].sort((a, b) => a.row - b.row || a.col - b.col);
  const countInRow = new Map<number, number>();
  return ordered.map((cell) => {
    const count = (countInRow.get(cell.row) ?? 0) + 1;
    countInRow.set(cell.row, count);
    const number = cell.number ?? count;
    const rowLabel = cell.rowLabel ?? String(cell.row);
    const type = cell.type ?? 'standard';
    return {
      seatKey: cell.seatKey ?? `r${cell.row}c${cell.col}`,
      row: cell.row,
      col: cell.col,
      rowLabel,
      number,
      label: cell.label ?? `${rowLabel}排${number}座`,
      type: type as SeatType,
      category: cell.category ?? (type === 'vip' ? 'vip' : 'standard'),
      section: cell.section ?? null,
    };
  });
}

/** Groups values by a key and returns the groups with more than one member. */
function duplicatesBy<T>(items: T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

function coupleProblems(seats: Seat[]): CellProblem[] {
  const byPosition = new Map(seats.map((seat) => [positionKey(seat.row, seat.col), seat]));
  const byRow = new Map<number, Seat[]>();
  for (const seat of seats) byRow.set(seat.row, [...(byRow.get(seat.row) ?? []), seat]);
  const problems: CellProblem[] = [];
  for (const seat of seats) {
    if (seat.type !== 'couple-left' && seat.type !== 'couple-right') continue;
    const step = seat.type === 'couple-left' ? 1 : -1;
    const partnerType: SeatType = seat.type === 'couple-left' ? 'couple-right' : 'couple-left';
    const neighbour = byPosition.get(positionKey(seat.row, seat.col + step));
    const named = { row: seat.row, col: seat.col, label: seat.label };
    if (neighbour?.type === partnerType) {
      if (neighbour.category !== seat.category) problems.push({ ...named, problem: 'couple-categories-differ' });
      continue;
    }
    // The nearest seat on the partner's side tells a pair split by a gap from a half with no partner.
    const sameRow = (byRow.get(seat.row) ?? []).filter((other) => (other.col - seat.col) * step > 0);
    const nearest = sameRow.sort((a, b) => Math.abs(a.col - seat.col) - Math.abs(b.col - seat.col))[0];
    const problem = nearest?.type === partnerType ? 'couple-halves-not-adjacent' : 'couple-half-alone';
    problems.push({ ...named, problem });
  }
  return problems;
}

/** Every problem of a map, cell by cell; an empty answer means the map is valid. */
export function seatMapProblems(input: SeatMapInput): SeatMapProblems {
  const map: MapProblem[] = [];
  const cells: CellProblem[] = [];
  if (input.rows > MAX_GRID_SIZE || input.cols > MAX_GRID_SIZE) {
    map.push({ problem: 'grid-too-large', value: `${input.rows}x${input.cols}` });
  }
  if (input.rows < 1 || input.cols < 1) map.push({ problem: 'grid-too-small', value: `${input.rows}x${input.cols}` });
  const declared = input.categories;
  for (const category of declared ?? []) {
    if (!isValidCategory(category)) map.push({ problem: 'invalid-declared-category', value: category });
  }
  for (const group of duplicatesBy(declared ?? [], (category) => category)) {
    map.push({ problem: 'invalid-declared-category', value: group[0] });
  }

  for (const cell of input.cells) {
    if (cell.row < 1 || cell.row > input.rows || cell.col < 1 || cell.col > input.cols) {
      cells.push({ row: cell.row, col: cell.col, problem: 'outside-grid' });
    }
  }
  for (const group of duplicatesBy(input.cells, (cell) => positionKey(cell.row, cell.col))) {
    for (const cell of group.slice(1)) cells.push({ row: cell.row, col: cell.col, problem: 'duplicate-position' });
  }

  const seats = seatsWithDefaults(input);
  if (seats.length === 0) map.push({ problem: 'no-seats' });
  for (const seat of seats) {
    const named = { row: seat.row, col: seat.col, label: seat.label, seatKey: seat.seatKey };
    if (!isSeatType(seat.type)) cells.push({ ...named, problem: 'unknown-type' });
    if (!isValidCategory(seat.category)) cells.push({ ...named, problem: 'invalid-category' });
    else if (declared && !declared.includes(seat.category)) cells.push({ ...named, problem: 'undeclared-category' });
    if (
      seat.label.trim() === '' ||
      seat.label.length > MAX_LABEL_LENGTH ||
      seat.rowLabel.trim() === '' ||
      seat.rowLabel.length > MAX_ROW_LABEL_LENGTH
    ) {
      cells.push({ ...named, problem: 'invalid-label' });
    }
  }
  for (const group of duplicatesBy(seats, (seat) => seat.label)) {
    for (const seat of group) cells.push({ row: seat.row, col: seat.col, label: seat.label, problem: 'duplicate-label' });
  }
  for (const group of duplicatesBy(seats, (seat) => seat.seatKey)) {
    for (const seat of group) {
      cells.push({ row: seat.row, col: seat.col, seatKey: seat.seatKey, problem: 'duplicate-seat-key' });
    }
  }
  cells.push(...coupleProblems(seats));
  return { cells, map };
}

/**
 * Checks a map and returns its normalised form, or throws 422 SEAT_MAP_INVALID naming every bad cell
 * (`details.cells: [{row, col, problem}]`) and every problem of the map as a whole (`details.map`).
 */
export function normaliseSeatMap(input: SeatMapInput): NormalisedSeatMap {
  const problems = seatMapProblems(input);
  const total = problems.cells.length + problems.map.length;
  if (total > 0) {
    const cells = problems.cells.slice(0, MAX_PROBLEMS_LISTED);
    throw new DomainError('SEAT_MAP_INVALID', `The seat map has ${total} problem${total === 1 ? '' : 's'}`, {
      cells,
      map: problems.map,
      ...(problems.cells.length > cells.length ? { omitted: problems.cells.length - cells.length } : {}),
    });
  }
  const seats = seatsWithDefaults(input);
  const used = new Set(seats.map((seat) => seat.category));
  const order = input.categories ?? [...used];
  return {
    map: { rows: input.rows, cols: input.cols, cells: seats.map((seat) => ({ kind: 'seat', ...seat })) },
    seatCount: seats.length,
    categories: order.filter((category) => used.has(category)),
  };
}
