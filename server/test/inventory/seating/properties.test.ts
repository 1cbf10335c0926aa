import { describe, expect, it } from 'vitest';
import {
  bestAvailable,
  checkSeatSelection,
  type GridSeat,
  type SeatGrid,
  type SeatType,
} from '../../../src/modules/inventory/seating/index.js';
import { referenceBest, referenceCheck } from './reference.js';

/** A small seeded generator (mulberry32), so every run sees the same halls. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

/** Mostly standard seats, some gaps, couple pairs, stray couple halves, vip and accessible seats. */
function randomHall(next: () => number): SeatGrid {
  const rows = 1 + Math.floor(next() * 4);
  const cols = 1 + Math.floor(next() * 10);
  const seats: GridSeat[] = [];
  const add = (row: number, col: number, type: SeatType) => {
    const standard = pick(next, ['standard', 'standard', 'balcony']);
    const category = type === 'vip' ? 'vip' : type.startsWith('couple') ? 'couple' : standard;
    seats.push({ id: `r${row}c${col}`, row, col, type, category, taken: next() < 0.35 });
  };
  for (let row = 1; row <= rows; row += 1) {
    for (let col = 1; col <= cols; col += 1) {
      const roll = next();
      if (roll < 0.12) continue;
      if (roll < 0.24 && col < cols) {
        add(row, col, 'couple-left');
        add(row, col + 1, 'couple-right');
        col += 1;
      } else if (roll < 0.27) add(row, col, pick(next, ['couple-left', 'couple-right'] as const));
      else if (roll < 0.33) add(row, col, pick(next, ['vip', 'wheelchair', 'companion'] as const));
      else add(row, col, 'standard');
    }
  }
  return { rows, cols, seats };
}

/** Mostly free seats side by side or scattered; now and then a taken seat or an unknown id. */
function randomSelection(next: () => number, grid: SeatGrid): string[] {
  const free = grid.seats.filter((seat) => !seat.taken);
  const size = 1 + Math.floor(next() * 4);
  const roll = next();
  if (roll < 0.05 || grid.seats.length === 0) return ['nowhere', ...grid.seats.slice(0, 1).map((seat) => seat.id)];
  if (roll < 0.15 || free.length === 0) return Array.from({ length: size }, () => pick(next, grid.seats).id);
  if (roll < 0.4) return Array.from({ length: size }, () => pick(next, free).id);
  const start = pick(next, free);
  const freeIds = new Set(free.map((seat) => seat.id));
  const block: string[] = [];
  for (let col = start.col; block.length < size && freeIds.has(`r${start.row}c${col}`); col += 1) {
    block.push(`r${start.row}c${col}`);
  }
  return block;
}

describe('seat rules against a literal reading of them, on random halls', () => {
  it('checkSeatSelection answers as the reference does', () => {
    const next = random(20261120);
    for (let round = 0; round < 1500; round += 1) {
      const grid = randomHall(next);
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const selection = randomSelection(next, grid);
        expect({ selection, answer: checkSeatSelection(grid, selection) }).toEqual({
          selection,
          answer: referenceCheck(grid, selection),
        });
      }
    }
  });

  it('bestAvailable picks what the reference picks, and its answer always passes checkSeatSelection', () => {
    const next = random(7);
    for (let round = 0; round < 1000; round += 1) {
      const grid = randomHall(next);
      const quantity = 1 + Math.floor(next() * 4);
      const options = pick(next, [{}, {}, { accessible: true }, { category: 'balcony' }]);
      const answer = bestAvailable(grid, quantity, options);
      const expected = referenceBest(grid, quantity, options);
      expect({ quantity, options, answer }).toEqual({ quantity, options, answer: expected });
      if (answer) expect(checkSeatSelection(grid, answer)).toEqual({ ok: true });
    }
  });
});
