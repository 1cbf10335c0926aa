import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/http/errors.js';
import {
  normaliseSeatMap,
  seatMapProblems,
  type CellInput,
  type SeatMapInput,
} from '../../src/modules/venues/rules/seat-map.js';

const seat = (row: number, col: number, extra: Partial<CellInput> = {}): CellInput => ({
  row,
  col,
  kind: 'seat',
  ...extra,
});

const problemsOf = (input: SeatMapInput) => seatMapProblems(input);

function invalid(input: SeatMapInput): Record<string, unknown> {
  try {
    normaliseSeatMap(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('SEAT_MAP_INVALID');
    return (error as DomainError).details!;
  }
  throw new Error('the map was accepted');
}

describe('seat map defaults', () => {
  it('numbers seats by their count in the row and labels them `${rowLabel}排${number}座`', () => {
    const { map, seatCount, categories } = normaliseSeatMap({
      rows: 2,
      cols: 4,
      cells: [seat(1, 1), seat(1, 2), { row: 1, col: 3, kind: 'aisle' }, seat(1, 4), seat(2, 2, { type: 'vip' })],
    });
    expect(seatCount).toBe(4);
    expect(categories).toEqual(['standard', 'vip']);
    expect(map.cells).toEqual([
      { kind: 'seat', seatKey: 'r1c1', row: 1, col: 1, rowLabel: '1', number: 1, label: '1排1座', type: 'standard', category: 'standard', section: null },
      { kind: 'seat', seatKey: 'r1c2', row: 1, col: 2, rowLabel: '1', number: 2, label: '1排2座', type: 'standard', category: 'standard', section: null },
      { kind: 'seat', seatKey: 'r1c4', row: 1, col: 4, rowLabel: '1', number: 3, label: '1排3座', type: 'standard', category: 'standard', section: null },
      { kind: 'seat', seatKey: 'r2c2', row: 2, col: 2, rowLabel: '2', number: 1, label: '2排1座', type: 'vip', category: 'vip', section: null },
    ]);
  });

  it('keeps what is given: row labels, numbers, labels, keys, categories and sections', () => {
    const { map } = normaliseSeatMap({
      rows: 1,
      cols: 2,
      cells: [
        seat(1, 2, { rowLabel: 'A', number: 12 }),
        seat(1, 1, { label: 'Box 1', seatKey: 'box-1', category: 'Loge', section: 'Left' }),
      ],
    });
    expect(map.cells.map((cell) => [cell.col, cell.label, cell.seatKey, cell.category, cell.section])).toEqual([
      [1, 'Box 1', 'box-1', 'Loge', 'Left'],
      [2, 'A排12座', 'r1c2', 'standard', null],
    ]);
  });

  it('lists categories in declared order, leaving out declared ones no seat uses', () => {
    const { categories } = normaliseSeatMap({
      rows: 1,
      cols: 2,
      categories: ['B', 'Unused', 'A'],
      cells: [seat(1, 1, { category: 'A' }), seat(1, 2, { category: 'B' })],
    });
    expect(categories).toEqual(['B', 'A']);
  });

  it('accepts couple seats side by side and a full 100 × 100 grid', () => {
    expect(
      problemsOf({
        rows: 1,
        cols: 4,
        cells: [
          seat(1, 1, { type: 'couple-left' }),
          seat(1, 2, { type: 'couple-right' }),
          seat(1, 3, { type: 'couple-left' }),
          seat(1, 4, { type: 'couple-right' }),
        ],
      }),
    ).toEqual({ cells: [], map: [] });
    const cells = Array.from({ length: 100 * 100 }, (_, i) => seat(Math.floor(i / 100) + 1, (i % 100) + 1));
    expect(normaliseSeatMap({ rows: 100, cols: 100, cells }).seatCount).toBe(10_000);
  });
});

describe('seat map rules', () => {
  it('names a cell outside the grid', () => {
    const details = invalid({ rows: 2, cols: 2, cells: [seat(1, 1), seat(3, 1), seat(1, 0)] });
    expect(details.cells).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, col: 1, problem: 'outside-grid' }),
        expect.objectContaining({ row: 1, col: 0, problem: 'outside-grid' }),
      ]),
    );
  });

  it('names two cells at one position, a seat and an aisle too', () => {
    const details = invalid({ rows: 2, cols: 2, cells: [seat(1, 1), seat(2, 2), { row: 2, col: 2, kind: 'aisle' }] });
    expect(details.cells).toEqual([expect.objectContaining({ row: 2, col: 2, problem: 'duplicate-position' })]);
  });

  it('names every seat sharing a label, given or defaulted', () => {
    const details = invalid({
      rows: 2,
      cols: 2,
      cells: [seat(1, 1, { rowLabel: 'A' }), seat(2, 1, { rowLabel: 'A' }), seat(2, 2, { label: 'A排1座' })],
    });
    expect(details.cells).toEqual([
      { row: 1, col: 1, label: 'A排1座', problem: 'duplicate-label' },
      { row: 2, col: 1, label: 'A排1座', problem: 'duplicate-label' },
      { row: 2, col: 2, label: 'A排1座', problem: 'duplicate-label' },
    ]);
  });

  it('names a lone couple half', () => {
    const details = invalid({
      rows: 1,
      cols: 3,
      cells: [seat(1, 1, { type: 'couple-left' }), seat(1, 2), seat(1, 3, { type: 'couple-right' })],
    });
    expect(details.cells).toEqual([
      expect.objectContaining({ row: 1, col: 1, problem: 'couple-half-alone' }),
      expect.objectContaining({ row: 1, col: 3, problem: 'couple-half-alone' }),
    ]);
  });

  it('names couple halves with a gap between them, and halves in the wrong order', () => {
    const gapped = invalid({
      rows: 1,
      cols: 3,
      cells: [seat(1, 1, { type: 'couple-left' }), seat(1, 3, { type: 'couple-right' })],
    });
    expect(gapped.cells).toEqual([
      expect.objectContaining({ row: 1, col: 1, problem: 'couple-halves-not-adjacent' }),
      expect.objectContaining({ row: 1, col: 3, problem: 'couple-halves-not-adjacent' }),
    ]);
    const reversed = invalid({
      rows: 1,
      cols: 2,
      cells: [seat(1, 1, { type: 'couple-right' }), seat(1, 2, { type: 'couple-left' })],
    });
    expect(reversed.cells).toHaveLength(2);
  });

  it('names couple halves of different categories', () => {
    const details = invalid({
      rows: 1,
      cols: 2,
      cells: [seat(1, 1, { type: 'couple-left', category: 'love' }), seat(1, 2, { type: 'couple-right' })],
    });
    expect(details.cells).toEqual([
      expect.objectContaining({ row: 1, col: 1, problem: 'couple-categories-differ' }),
      expect.objectContaining({ row: 1, col: 2, problem: 'couple-categories-differ' }),
    ]);
  });

  it('names an unknown seat type', () => {
    const details = invalid({ rows: 1, cols: 2, cells: [seat(1, 1, { type: 'sofa' }), seat(1, 2)] });
    expect(details.cells).toEqual([expect.objectContaining({ row: 1, col: 1, problem: 'unknown-type' })]);
  });

  it('names a badly formed category and one the map did not declare', () => {
    const details = invalid({
      rows: 1,
      cols: 3,
      categories: ['standard', 'Gold'],
      cells: [seat(1, 1, { category: ' padded' }), seat(1, 2, { category: 'Silver' }), seat(1, 3, { category: 'Gold' })],
    });
    expect(details.cells).toEqual([
      expect.objectContaining({ row: 1, col: 1, problem: 'invalid-category' }),
      expect.objectContaining({ row: 1, col: 2, problem: 'undeclared-category' }),
    ]);
  });

  it('refuses a grid over 100 in either direction, and a map without seats', () => {
    expect(invalid({ rows: 101, cols: 1, cells: [seat(1, 1)] }).map).toEqual([
      { problem: 'grid-too-large', value: '101x1' },
    ]);
    expect(invalid({ rows: 1, cols: 101, cells: [seat(1, 1)] }).map).toEqual([
      { problem: 'grid-too-large', value: '1x101' },
    ]);
    expect(invalid({ rows: 2, cols: 2, cells: [{ row: 1, col: 1, kind: 'aisle' }] }).map).toEqual([
      { problem: 'no-seats' },
    ]);
  });

  it('names seats sharing a key', () => {
    const details = invalid({ rows: 1, cols: 2, cells: [seat(1, 1, { seatKey: 'k' }), seat(1, 2, { seatKey: 'k' })] });
    expect(details.cells).toEqual([
      { row: 1, col: 1, seatKey: 'k', problem: 'duplicate-seat-key' },
      { row: 1, col: 2, seatKey: 'k', problem: 'duplicate-seat-key' },
    ]);
  });

  it('lists at most 200 cells and says how many more there were', () => {
    const cells = Array.from({ length: 250 }, (_, i) => seat(1, i + 1, { type: 'sofa' }));
    const details = invalid({ rows: 1, cols: 100, cells });
    expect(details.cells).toHaveLength(200);
    expect(details.omitted).toBe(50 + 150);
  });
});
