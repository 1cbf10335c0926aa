import { describe, expect, it } from 'vitest';
import { asSeatType, checkSeatSelection } from '../../../src/modules/inventory/seating/index.js';
import { hall, ids } from './hall.js';

const ok = { ok: true };
const refused = (code: string, seatIds: string[]) => ({ ok: false, code, seatIds });

describe('checkSeatSelection: what may be asked for', () => {
  it('accepts free seats that leave nobody alone', () => {
    expect(checkSeatSelection(hall('........'), ids(1, 4, 5))).toEqual(ok);
  });

  it('accepts an empty selection and counts a repeated id once', () => {
    expect(checkSeatSelection(hall('....'), [])).toEqual(ok);
    expect(checkSeatSelection(hall('....'), [...ids(1, 1, 2), ...ids(1, 2, 1)])).toEqual(ok);
  });

  it('names every unknown id, in request order, before anything else', () => {
    const grid = hall('x...');
    expect(checkSeatSelection(grid, ['nope', ...ids(1, 1), 'r9c9'])).toEqual(
      refused('SEAT_NOT_FOUND', ['nope', 'r9c9']),
    );
  });

  it('names every taken seat requested, whatever its kind of taken', () => {
    const grid = hall(`
      ..x.V.
      {}....
    `);
    expect(checkSeatSelection(grid, [...ids(2, 2, 1), ...ids(1, 5, 4, 3)])).toEqual(
      refused('SEAT_UNAVAILABLE', [...ids(1, 3, 5), ...ids(2, 1, 2)]),
    );
  });

  it('answers SEAT_UNAVAILABLE before couple or orphan problems of the same request', () => {
    expect(checkSeatSelection(hall('.<>..x'), ids(1, 2, 6))).toEqual(refused('SEAT_UNAVAILABLE', ids(1, 6)));
  });

  it('judges seats given in any order the same', () => {
    const grid = hall(`
      ......
      ..x...
    `);
    const shuffled = { ...grid, seats: [...grid.seats].reverse() };
    expect(checkSeatSelection(shuffled, ids(2, 5))).toEqual(refused('ORPHAN_SEAT', ids(2, 4, 6)));
    expect(checkSeatSelection(shuffled, ids(2, 4))).toEqual(ok);
  });

  it('judges a stored type it does not know as a standard seat', () => {
    expect(asSeatType('couple-left')).toBe('couple-left');
    expect(asSeatType('sofa')).toBe('standard');
    expect(asSeatType(null)).toBe('standard');
  });

  it('refuses every seat of a full row', () => {
    const grid = hall(`
      xxxxxx
      ......
    `);
    expect(checkSeatSelection(grid, ids(1, 3))).toEqual(refused('SEAT_UNAVAILABLE', ids(1, 3)));
    expect(checkSeatSelection(grid, ids(2, 1, 2, 3, 4, 5, 6))).toEqual(ok);
  });
});

describe('checkSeatSelection: the orphan rule', () => {
  it('refuses leaving one seat at the end of the row', () => {
    expect(checkSeatSelection(hall('......'), ids(1, 2, 3))).toEqual(refused('ORPHAN_SEAT', ids(1, 1)));
    expect(checkSeatSelection(hall('......'), ids(1, 4, 5))).toEqual(refused('ORPHAN_SEAT', ids(1, 6)));
  });

  it('refuses leaving one seat between the selection and an aisle', () => {
    expect(checkSeatSelection(hall('....._....'), ids(1, 3, 4))).toEqual(refused('ORPHAN_SEAT', ids(1, 5)));
    expect(checkSeatSelection(hall('....._....'), ids(1, 8, 9))).toEqual(refused('ORPHAN_SEAT', ids(1, 7, 10)));
  });

  it('refuses leaving one seat between the selection and a taken seat', () => {
    expect(checkSeatSelection(hall('x....x'), ids(1, 4))).toEqual(refused('ORPHAN_SEAT', ids(1, 5)));
  });

  it('refuses leaving one seat between two taken seats, even with the buyer on both sides of it', () => {
    expect(checkSeatSelection(hall('......'), ids(1, 2, 4))).toEqual(refused('ORPHAN_SEAT', ids(1, 1, 3)));
    expect(checkSeatSelection(hall('..x....x..'), ids(1, 5, 6))).toEqual(refused('ORPHAN_SEAT', ids(1, 4, 7)));
  });

  it('accepts leaving two seats anywhere', () => {
    expect(checkSeatSelection(hall('......'), ids(1, 3, 4))).toEqual(ok);
    expect(checkSeatSelection(hall('......_..'), ids(1, 1, 2, 3, 4))).toEqual(ok);
    expect(checkSeatSelection(hall('x....x'), ids(1, 2, 3))).toEqual(ok);
  });

  it('accepts filling a run, or the free stretch between taken seats, exactly', () => {
    expect(checkSeatSelection(hall('..._......'), ids(1, 1, 2, 3))).toEqual(ok);
    expect(checkSeatSelection(hall('x..x..'), ids(1, 2, 3))).toEqual(ok);
    expect(checkSeatSelection(hall('x..x..'), ids(1, 2, 3, 5, 6))).toEqual(ok);
  });

  it('accepts a lone seat when every block of that size in the run would leave one (no other choice)', () => {
    expect(checkSeatSelection(hall('x..'), ids(1, 2))).toEqual(ok);
    expect(checkSeatSelection(hall('x..'), ids(1, 3))).toEqual(ok);
    expect(checkSeatSelection(hall('.._.....'), ids(1, 1))).toEqual(ok);
    expect(checkSeatSelection(hall('....'), ids(1, 2, 3, 4))).toEqual(ok);
    expect(checkSeatSelection(hall('...x...'), ids(1, 5, 6))).toEqual(ok);
  });

  it('judges "no other choice" within the run only, not the rest of the row or hall', () => {
    expect(checkSeatSelection(hall('......_x..'), ids(1, 9))).toEqual(ok);
  });

  it('refuses a lone seat when another block of the same size in the run leaves none', () => {
    expect(checkSeatSelection(hall('...x.....'), ids(1, 5, 6))).toEqual(ok);
    expect(checkSeatSelection(hall('...x.....'), ids(1, 2, 3))).toEqual(refused('ORPHAN_SEAT', ids(1, 1)));
  });

  it('never excuses scattered picks: the buyer chose the gap', () => {
    expect(checkSeatSelection(hall('...'), ids(1, 1, 3))).toEqual(refused('ORPHAN_SEAT', ids(1, 2)));
  });

  it('counts as another choice only a block of the same seat types and price categories', () => {
    // Three vip seats exist only at columns 2-4: the standard blocks on the right are not the same offer.
    expect(checkSeatSelection(hall('.vvv.....'), ids(1, 2, 3, 4))).toEqual(ok);
    // Two vip seats at columns 1-2 would strand nobody, so 2-3 may not strand column 1.
    expect(checkSeatSelection(hall('vvv.....'), ids(1, 2, 3))).toEqual(refused('ORPHAN_SEAT', ids(1, 1)));
  });

  it('is not blocked by a lone seat that was already there', () => {
    expect(checkSeatSelection(hall('.x.......'), ids(1, 6, 7))).toEqual(ok);
    expect(checkSeatSelection(hall('.x..'), ids(1, 3, 4))).toEqual(ok);
    const grid = hall(`
      x.x...
      ......
    `);
    expect(checkSeatSelection(grid, ids(2, 3, 4))).toEqual(ok);
  });

  it('leaves a single seat between two aisles alone: it was lone before anyone chose', () => {
    expect(checkSeatSelection(hall('.._._..'), ids(1, 1, 2))).toEqual(ok);
  });

  it('judges each row of a selection on its own and reports all lone seats in hall order', () => {
    const grid = hall(`
      ......
      ......
    `);
    expect(checkSeatSelection(grid, [...ids(2, 2, 3), ...ids(1, 4, 5)])).toEqual(
      refused('ORPHAN_SEAT', [...ids(1, 6), ...ids(2, 1)]),
    );
    expect(checkSeatSelection(grid, [...ids(2, 1, 2), ...ids(1, 5, 6)])).toEqual(ok);
  });
});

describe('checkSeatSelection: couple seats', () => {
  it('accepts a whole pair', () => {
    expect(checkSeatSelection(hall('..<>..'), ids(1, 3, 4))).toEqual(ok);
    expect(checkSeatSelection(hall('<><>'), ids(1, 1, 2, 3, 4))).toEqual(ok);
  });

  it('refuses half a free pair, naming the missing partner', () => {
    expect(checkSeatSelection(hall('..<>..'), ids(1, 3))).toEqual(refused('COUPLE_SEAT_SPLIT', ids(1, 4)));
    expect(checkSeatSelection(hall('..<>..'), ids(1, 4, 5, 6))).toEqual(refused('COUPLE_SEAT_SPLIT', ids(1, 3)));
  });

  it('refuses the two inner halves of neighbouring pairs, naming both outer halves', () => {
    expect(checkSeatSelection(hall('<><>'), ids(1, 2, 3))).toEqual(refused('COUPLE_SEAT_SPLIT', ids(1, 1, 4)));
  });

  it('sells a half alone when its partner is already taken: nobody is split', () => {
    expect(checkSeatSelection(hall('<}..'), ids(1, 1))).toEqual(ok);
    expect(checkSeatSelection(hall('..{>'), ids(1, 4))).toEqual(ok);
  });

  it('refuses a selection that leaves a free couple half with nobody beside it', () => {
    // Column 4 is a free couple-left whose partner is taken; taking column 3 would strand it.
    expect(checkSeatSelection(hall('...<}'), ids(1, 3))).toEqual(refused('ORPHAN_SEAT', ids(1, 4)));
    expect(checkSeatSelection(hall('...<}'), ids(1, 1))).toEqual(ok);
  });

  it('counts a pair as two seats for the orphan rule, and never offers half a pair as another choice', () => {
    // Leaving a whole free pair beside taken seats strands nobody.
    expect(checkSeatSelection(hall('x.<>'), ids(1, 2))).toEqual(ok);
    // Columns 2-4 and 3-5 are the only blocks of one standard seat plus a pair; both leave a lone seat.
    expect(checkSeatSelection(hall('..<>..'), ids(1, 2, 3, 4))).toEqual(ok);
    // Columns 3-5 (a pair and a standard seat) would leave nobody alone, so 2-4 may not strand column 1.
    expect(checkSeatSelection(hall('..<>.<>.'), ids(1, 2, 3, 4))).toEqual(refused('ORPHAN_SEAT', ids(1, 1)));
    expect(checkSeatSelection(hall('..<>.<>.'), ids(1, 3, 4, 5))).toEqual(ok);
  });

  it('judges a half with no partner beside it as a single seat', () => {
    expect(checkSeatSelection(hall('..<..'), ids(1, 3))).toEqual(ok);
    expect(checkSeatSelection(hall('>...'), ids(1, 1))).toEqual(ok);
    expect(checkSeatSelection(hall('.<>>.'), ids(1, 4, 5))).toEqual(ok);
  });
});
