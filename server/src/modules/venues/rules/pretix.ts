import type { CellInput, SeatMapInput } from './seat-map.js';

/** The parts of pretix's public seating-plan JSON (seating-plan.schema.json) that an import uses. */
export interface PretixPosition {
  x: number;
  y: number;
}

export interface PretixSeat {
  seat_guid: string;
  seat_number: string;
  position: PretixPosition;
  category: string;
}

export interface PretixRow {
  row_number: string;
  row_label?: string | null;
  seat_label?: string | null;
  position?: PretixPosition;
  seats: PretixSeat[];
}

export interface PretixZone {
  name?: string;
  position: PretixPosition;
  rows: PretixRow[];
}

export interface PretixPlan {
  name: string;
  categories: { name: string; color?: string }[];
  zones: PretixZone[];
  size?: { width: number; height: number };
}

interface PlacedSeat {
  gridRow: number;
  x: number;
  zone: PretixZone;
  row: PretixRow;
  seat: PretixSeat;
}

/**
 * Columns come from the seats' x positions across the whole plan, sorted. Neighbouring positions
 * closer than a third of the smallest spacing between two seats of one row share a column, so a
 * slightly curved row lines up with its straight neighbours, while a row staggered by half a seat
 * gets columns of its own. Two seats of one row never share a column.
 */
function columnsOf(placed: PlacedSeat[]): Map<number, number> {
  const rowsAt = new Map<number, Set<number>>();
  const xsOfRow = new Map<number, number[]>();
  for (const seat of placed) {
    rowsAt.set(seat.x, (rowsAt.get(seat.x) ?? new Set()).add(seat.gridRow));
    xsOfRow.set(seat.gridRow, [...(xsOfRow.get(seat.gridRow) ?? []), seat.x]);
  }
  let smallestGap = Number.POSITIVE_INFINITY;
  for (const xs of xsOfRow.values()) {
    const sorted = [...xs].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i += 1) {
      const gap = sorted[i]! - sorted[i - 1]!;
      if (gap > 0) smallestGap = Math.min(smallestGap, gap);
    }
  }
  const tolerance = Number.isFinite(smallestGap) ? smallestGap / 3 : 0;
  const columnOf = new Map<number, number>();
  let column = 0;
  let previous = Number.NEGATIVE_INFINITY;
  let rowsInColumn = new Set<number>();
  for (const x of [...rowsAt.keys()].sort((a, b) => a - b)) {
    const rows = rowsAt.get(x)!;
    const clashes = [...rows].some((row) => rowsInColumn.has(row));
    if (column === 0 || x - previous >= tolerance || clashes) {
      column += 1;
      rowsInColumn = new Set();
    }
    for (const row of rows) rowsInColumn.add(row);
    columnOf.set(x, column);
    previous = x;
  }
  return columnOf;
}

/**
 * Turns a pretix seating plan into a seat map: one grid row per pretix row that has seats (zone by
 * zone, in the plan's order), one column per x position (see `columnsOf`). Each seat keeps its
 * `seat_guid` as its key and its pretix category as its price category; the zone's name becomes its
 * section; its label is `${row label}排${seat number}座`, with the row's `seat_label` pattern (where
 * `%s` stands for the seat number) used for the seat part when the plan has one, and the zone's name
 * in front when the plan has seats in more than one zone (`Balcony A排3座`).
 */
export function seatMapFromPretix(plan: PretixPlan): SeatMapInput {
  const placed: PlacedSeat[] = [];
  let gridRow = 0;
  for (const zone of plan.zones) {
    for (const row of zone.rows) {
      if (row.seats.length === 0) continue;
      gridRow += 1;
      for (const seat of row.seats) {
        const x = zone.position.x + (row.position?.x ?? 0) + seat.position.x;
        placed.push({ gridRow, x, zone, row, seat });
      }
    }
  }
  const columnOf = columnsOf(placed);
  const zonesWithSeats = new Set(placed.map((seat) => seat.zone));
  const cells: CellInput[] = placed.map(({ gridRow: row, x, zone, row: pretixRow, seat }) => {
    const rowLabel = pretixRow.row_label || pretixRow.row_number;
    const seatPart = pretixRow.seat_label ? pretixRow.seat_label.replace('%s', seat.seat_number) : seat.seat_number;
    const section = zone.name?.trim() ? zone.name.trim() : null;
    // Rows are numbered per zone, so with several zones the zone's name keeps labels apart.
    const prefix = section && zonesWithSeats.size > 1 ? `${section} ` : '';
    return {
      row,
      col: columnOf.get(x)!,
      kind: 'seat',
      seatKey: seat.seat_guid,
      rowLabel,
      label: `${prefix}${rowLabel}排${seatPart}座`,
      ...(/^[1-9][0-9]{0,5}$/.test(seat.seat_number) ? { number: Number(seat.seat_number) } : {}),
      category: seat.category,
      section,
    };
  });
  return {
    rows: Math.max(gridRow, 1),
    cols: Math.max(1, ...columnOf.values()),
    categories: plan.categories.map((category) => category.name),
    cells,
  };
}
