import { describe, expect, it } from 'vitest';
import { bestAvailable, checkSeatSelection, type SeatGrid } from '../../../src/modules/inventory/seating/index.js';
import { emptyHall, hall, ids, taking } from './hall.js';

/** Answers, and checks on the way that the answer is a selection the hold would accept. */
function best(grid: SeatGrid, quantity: number, options?: Parameters<typeof bestAvailable>[2]): string[] | null {
  const answer = bestAvailable(grid, quantity, options);
  if (answer) expect(checkSeatSelection(grid, answer)).toEqual({ ok: true });
  return answer;
}

describe('bestAvailable: the sweet spot', () => {
  it('picks the centre block two thirds of the way back in an empty hall', () => {
    // 9 rows: the sweet row is (2·9 + 1) / 3 ≈ 6.3; 20 columns: the centre is 10.5.
    expect(best(emptyHall(9, 20), 4)).toEqual(ids(6, 9, 10, 11, 12));
    // 10 rows: the sweet row is exactly 7.
    expect(best(emptyHall(10, 10), 2)).toEqual(ids(7, 5, 6));
    expect(best(emptyHall(10, 11), 1)).toEqual(ids(7, 6));
  });

  it('weighs a row step as 1.5 column steps', () => {
    // 10 × 10: the sweet spot is row 7, column 5.5.
    // One column off in the sweet row beats the centre of the next row.
    expect(best(taking(emptyHall(10, 10), ids(7, 5)), 2)).toEqual(ids(7, 6, 7));
    // Two columns off loses to one row off.
    expect(best(taking(emptyHall(10, 10), ids(7, 5, 6)), 2)).toEqual(ids(8, 5, 6));
    // Two and a half columns off (weighted 2.5) beats two rows off (weighted 3), though unweighted it would
    // lose (2.5 > 2).
    const grid = taking(emptyHall(10, 10), [
      ...ids(6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
      ...ids(7, 1, 2, 3, 4, 5, 6, 7, 9, 10),
      ...ids(8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
    ]);
    expect(best(grid, 1)).toEqual(ids(7, 8));
  });

  it('breaks ties deterministically: the left block, and the row further back', () => {
    // 10 columns, 3 seats: blocks 4-6 and 5-7 are equally far from the centre 5.5.
    expect(best(emptyHall(10, 10), 3)).toEqual(ids(7, 4, 5, 6));
    // 4 rows: the sweet row is exactly 3; with row 3 full, rows 2 and 4 tie and the back row wins.
    const grid = taking(emptyHall(4, 6), ids(3, 1, 2, 3, 4, 5, 6));
    expect(best(grid, 2)).toEqual(ids(4, 3, 4));
  });

  it('answers the same whatever order the seats arrive in', () => {
    const grid = taking(emptyHall(6, 12), ids(4, 5, 6, 7));
    const reversed = { ...grid, seats: [...grid.seats].reverse() };
    expect(bestAvailable(reversed, 3)).toEqual(bestAvailable(grid, 3));
  });
});

describe('bestAvailable: what it respects', () => {
  it('skips taken seats', () => {
    expect(best(hall('....xx....'), 2)).toEqual(ids(1, 3, 4));
  });

  it('never offers a block that would leave a lone seat while a block that leaves none exists', () => {
    // 11 columns, centre 6: 5-6 is as near as 6-7 and further left, but would strand column 4.
    expect(best(hall('..x........'), 2)).toEqual(ids(1, 6, 7));
  });

  it('falls back to the nearest block that leaves a lone seat when every block would', () => {
    // One standard seat and a pair: columns 2-4 or 3-5; both strand an end seat, the left one wins the tie.
    expect(best(hall('..<>..'), 3)).toEqual(ids(1, 2, 3, 4));
    expect(best(hall('x...x'), 2)).toEqual(ids(1, 2, 3));
  });

  it('keeps couple pairs together and counts a pair as two seats', () => {
    // Columns 3-4 are halves of two different pairs; the pairs at 2-3 and 4-5 each strand an end seat, and tie.
    expect(best(hall('.<><>.'), 2)).toEqual(ids(1, 2, 3));
    // Four seats: 3-6 would split both pairs; 2-5 and 4-7 strand an end seat; 1-4 and 5-8 tie, the left one wins.
    expect(best(hall('.<>..<>.'), 4)).toEqual(ids(1, 1, 2, 3, 4));
    expect(best(hall('<><>'), 3)).toBeNull();
    expect(best(hall('<>'), 1)).toBeNull();
  });

  it('offers a couple half alone once its partner is taken', () => {
    // Column 1 was already alone; columns 3 or 4 would strand the other.
    expect(best(hall('<}..'), 1)).toEqual(ids(1, 1));
  });

  it('leaves wheelchair and companion seats alone unless asked', () => {
    const grid = hall(`
      ..........
      ..........
      ..........
      ..........
      ...wcwc...
      ..........
      ..........
    `);
    // 7 rows: the sweet row is exactly 5, but its centre is accessible seating; rows 4 and 6 tie, the back one wins.
    expect(best(grid, 2)).toEqual(ids(6, 5, 6));
    expect(best(grid, 2, { accessible: true })).toEqual(ids(5, 5, 6));
    expect(best(grid, 4, { accessible: true })).toEqual(ids(5, 4, 5, 6, 7));
  });

  it('with accessible, insists on a wheelchair space', () => {
    expect(best(hall('....c.'), 1, { accessible: true })).toBeNull();
    // Columns 2-4 and 3-5 are nearer the centre but strand column 1 or 6.
    expect(best(hall('...w..'), 3, { accessible: true })).toEqual(ids(1, 4, 5, 6));
  });

  it('looks only at the category asked for', () => {
    const grid = hall(`
      ..........
      ..........
      vvvv......
    `);
    expect(best(grid, 2, { category: 'vip' })).toEqual(ids(3, 3, 4));
    expect(best(grid, 2, { category: 'balcony' })).toBeNull();
  });
});

describe('bestAvailable: nothing fits', () => {
  it('answers null when the hall is full', () => {
    expect(best(hall('xxx\nxxx'), 1)).toBeNull();
  });

  it('answers null when no run is long enough, however many seats are free in all', () => {
    expect(best(hall('.._.._..\n.x.x.x.x'), 3)).toBeNull();
    expect(best(emptyHall(3, 4), 5)).toBeNull();
  });

  it('answers null for a quantity that is not a positive whole number', () => {
    expect(best(emptyHall(2, 2), 0)).toBeNull();
    expect(best(emptyHall(2, 2), -1)).toBeNull();
    expect(best(emptyHall(2, 2), 1.5)).toBeNull();
  });

  it('handles a 100 × 100 hall', () => {
    const grid = taking(emptyHall(100, 100), ids(67, ...Array.from({ length: 100 }, (_, index) => index + 1)));
    // The sweet row is exactly 67; with it full, rows 66 and 68 tie and the back row wins.
    expect(best(grid, 4)).toEqual(ids(68, 49, 50, 51, 52));
  });
});
