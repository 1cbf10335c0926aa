import type { GridSeat, SeatGrid, SeatType } from '../../../src/modules/inventory/seating/index.js';

/**
 * Draws a seat grid from text, one line per row (front row first), one character per cell; spaces are
 * ignored. Seat ids are `r{row}c{col}`.
 *   .  free standard     x  taken standard     _  aisle or gap (no seat)
 *   v  free vip          V  taken vip
 *   <  free couple-left  >  free couple-right  {  }  taken couple halves
 *   w  free wheelchair   W  taken wheelchair   c  C  companion, free / taken
 */
const LEGEND: Record<string, { type: SeatType; taken: boolean }> = {
  '.': { type: 'standard', taken: false },
  x: { type: 'standard', taken: true },
  v: { type: 'vip', taken: false },
  V: { type: 'vip', taken: true },
  '<': { type: 'couple-left', taken: false },
  '>': { type: 'couple-right', taken: false },
  '{': { type: 'couple-left', taken: true },
  '}': { type: 'couple-right', taken: true },
  w: { type: 'wheelchair', taken: false },
  W: { type: 'wheelchair', taken: true },
  c: { type: 'companion', taken: false },
  C: { type: 'companion', taken: true },
};

const categoryOf = (type: SeatType): string =>
  type === 'vip' ? 'vip' : type === 'couple-left' || type === 'couple-right' ? 'couple' : 'standard';

export function hall(art: string): SeatGrid {
  const lines = art
    .split('\n')
    .map((line) => line.replace(/\s+/g, ''))
    .filter((line) => line.length > 0);
  const seats: GridSeat[] = [];
  lines.forEach((line, rowIndex) => {
    [...line].forEach((char, colIndex) => {
      if (char === '_') return;
      const cell = LEGEND[char];
      if (!cell) throw new Error(`unknown cell ${char}`);
      const row = rowIndex + 1;
      const col = colIndex + 1;
      const { type, taken } = cell;
      seats.push({ id: `r${row}c${col}`, row, col, type, category: categoryOf(type), taken });
    });
  });
  return { rows: lines.length, cols: Math.max(...lines.map((line) => line.length)), seats };
}

/** `ids(1, 3, 4)` → the ids of row 1, columns 3 and 4. */
export const ids = (row: number, ...cols: number[]): string[] => cols.map((col) => `r${row}c${col}`);

/** An empty hall of standard seats, no aisles. */
export function emptyHall(rows: number, cols: number): SeatGrid {
  return hall(Array.from({ length: rows }, () => '.'.repeat(cols)).join('\n'));
}

/** The same grid with these seats taken, as after a hold. */
export function taking(grid: SeatGrid, seatIds: readonly string[]): SeatGrid {
  const taken = new Set(seatIds);
  return { ...grid, seats: grid.seats.map((seat) => (taken.has(seat.id) ? { ...seat, taken: true } : seat)) };
}
