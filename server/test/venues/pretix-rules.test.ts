import { describe, expect, it } from 'vitest';
import { seatMapFromPretix } from '../../src/modules/venues/rules/pretix.js';
import { normaliseSeatMap } from '../../src/modules/venues/rules/seat-map.js';
import { smallPretixPlan as smallPlan } from '../support/venues.js';

describe('pretix seating plans', () => {
  it('maps rows in plan order and columns by x, lining a curved row up with a straight one', () => {
    const { map, categories, seatCount } = normaliseSeatMap(seatMapFromPretix(smallPlan()));
    expect([map.rows, map.cols, seatCount]).toEqual([3, 7, 11]);
    expect(categories).toEqual(['Stalls', 'Balcony']);
    const at = (row: number) => map.cells.filter((cell) => cell.row === row).map((cell) => cell.col);
    expect(at(1)).toEqual([1, 3, 5, 7]);
    // Row 2 curves (its seats sit 1 or 2 px off row 1's x positions) and still shares row 1's columns.
    expect(at(2)).toEqual([1, 3, 5, 7]);
    // The balcony is staggered by half a seat: its seats fall between the parterre's columns.
    expect(at(3)).toEqual([2, 4, 6]);
  });

  it("keeps each seat's guid as its key and its pretix category; the zone is the section", () => {
    const { map } = normaliseSeatMap(seatMapFromPretix(smallPlan()));
    expect(map.cells.find((cell) => cell.seatKey === 'parterre-2-3')).toEqual({
      kind: 'seat',
      seatKey: 'parterre-2-3',
      row: 2,
      col: 5,
      rowLabel: '2',
      number: 3,
      label: 'Parterre 2排3座',
      type: 'standard',
      category: 'Stalls',
      section: 'Parterre',
    });
    expect(map.cells.find((cell) => cell.seatKey === 'balcony-a-1')).toMatchObject({
      rowLabel: 'A',
      label: 'Balcony A排1座',
      category: 'Balcony',
      section: 'Balcony',
    });
  });

  it('leaves the zone out of labels when the plan has one zone with seats', () => {
    const plan = smallPlan();
    plan.zones = plan.zones.slice(0, 1);
    const { map } = normaliseSeatMap(seatMapFromPretix(plan));
    expect(map.cells[0]!.label).toBe('1排1座');
  });

  it('refuses a seat whose category the plan does not declare', () => {
    const plan = smallPlan();
    plan.zones[0]!.rows[0]!.seats[0]!.category = 'Gallery';
    expect(() => normaliseSeatMap(seatMapFromPretix(plan))).toThrow(
      expect.objectContaining({
        code: 'SEAT_MAP_INVALID',
        details: expect.objectContaining({
          cells: [expect.objectContaining({ row: 1, col: 1, seatKey: 'parterre-1-1', problem: 'undeclared-category' })],
        }),
      }),
    );
  });

  it('never puts two seats of one row in one column, however close they sit', () => {
    const plan = smallPlan();
    plan.zones[0]!.rows[0]!.seats[1]!.position.x = 1;
    const { map } = normaliseSeatMap(seatMapFromPretix(plan));
    const row1 = map.cells.filter((cell) => cell.row === 1).map((cell) => cell.col);
    expect(new Set(row1).size).toBe(4);
  });

  it('refuses two seats of one row at the same x', () => {
    const plan = smallPlan();
    plan.zones[0]!.rows[0]!.seats[1]!.position.x = 0;
    expect(() => normaliseSeatMap(seatMapFromPretix(plan))).toThrow(
      expect.objectContaining({ code: 'SEAT_MAP_INVALID' }),
    );
  });
});
