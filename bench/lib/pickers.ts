import type { BenchSeat, World } from './world.js';

/** One hold attempt: the JSON body and, for seats, the seat numbers it asks for (indexes into the hall). */
export interface Attempt {
  body: string;
  seats: number[];
  tierId?: string;
}

/** What the error answer of a refused hold says (API.md's error shape). */
export interface ErrorAnswer {
  code?: string;
  details?: { seatIds?: string[]; tierId?: string; [field: string]: unknown };
}

/**
 * How the customers of a scenario choose what to ask for. Each virtual user (one HTTP connection) has
 * its own view of the sale, learnt from its own answers and from reloading what the page shows.
 */
export interface Picker {
  /** The next attempt of a virtual user, or null when its view shows nothing left worth trying. */
  next(vu: number): Attempt | null;
  /** What the virtual user learns from an answer. */
  learn(vu: number, attempt: Attempt, status: number, error: ErrorAnswer | null): void;
  /** The page a customer reloads when nothing looks free (null: nobody reloads); `reload` reads it. */
  reloadPath: string | null;
  /** Updates a virtual user's view from the reloaded page; answers whether anything looks free now. */
  reload(vu: number, answer: unknown): boolean;
  /** A new sale starts: every view is fresh again. */
  reset(): void;
}

const CONTACT = { name: '张三', phone: '13800138000' };
const randomInt = (below: number) => Math.floor(Math.random() * below);

/** The hall as seat numbers: `blocks[row][block]` lists seat numbers in column order. */
class Hall {
  readonly ids: string[] = [];
  readonly numberOf = new Map<string, number>();
  readonly blocks: number[][][];
  constructor(layout: BenchSeat[][][]) {
    this.blocks = layout.map((row) =>
      row.map((block) =>
        block.map((seat) => {
          const n = this.ids.length;
          this.ids.push(seat.id);
          this.numberOf.set(seat.id, n);
          return n;
        }),
      ),
    );
  }
}

const FREE = 0;
const TAKEN = 1;

/**
 * Where `length` seats may start inside one block of a view without leaving a single free seat at
 * either side (the orphan rule: a lone seat between taken seats or next to an aisle is unsellable).
 */
function starts(block: number[], view: Uint8Array, length: number, out: [number[], number][]): void {
  let i = 0;
  while (i < block.length) {
    if (view[block[i]!] !== FREE) {
      i += 1;
      continue;
    }
    const runStart = i;
    while (i < block.length && view[block[i]!] === FREE) i += 1;
    const runEnd = i - 1;
    for (let s = runStart; s + length - 1 <= runEnd; s += 1) {
      if (s - runStart !== 1 && runEnd - (s + length - 1) !== 1) out.push([block, s]);
    }
  }
}

function seatBody(sessionId: string, hall: Hall, seats: number[]): string {
  return JSON.stringify({ sessionId, seats: seats.map((n) => hall.ids[n]), contact: CONTACT });
}

/**
 * The flash sale: 1–4 adjacent seats that look free to this customer, never leaving an orphan seat
 * in their view. A customer learns what was taken from their own refusals (`details.seatIds`) and,
 * when nothing looks free any more, reloads the seat map.
 */
export function seatedPicker(world: World, connections: number): Picker {
  const hall = new Hall(world.blocks);
  const views = Array.from({ length: connections }, () => new Uint8Array(hall.ids.length));
  const candidates: [number[], number][] = [];
  return {
    next(vu) {
      const view = views[vu]!;
      const wanted = 1 + randomInt(4);
      for (let length = wanted; length >= 1; length -= 1) {
        candidates.length = 0;
        for (const row of hall.blocks) for (const block of row) starts(block, view, length, candidates);
        if (candidates.length === 0) continue;
        const [block, start] = candidates[randomInt(candidates.length)]!;
        const seats = block.slice(start, start + length);
        return { body: seatBody(world.seatedSessionId, hall, seats), seats };
      }
      return null;
    },
    learn(vu, attempt, status, error) {
      const view = views[vu]!;
      if (status === 201) for (const n of attempt.seats) view[n] = TAKEN;
      for (const id of error?.details?.seatIds ?? []) {
        const n = hall.numberOf.get(id);
        if (n !== undefined && error?.code === 'SEAT_UNAVAILABLE') view[n] = TAKEN;
      }
    },
    reloadPath: `/api/sessions/${world.seatedSessionId}/seats`,
    reload(vu, answer) {
      const view = views[vu]!;
      const seats = (answer as { seats?: { id: string; state: string }[] }).seats ?? [];
      let free = 0;
      for (const seat of seats) {
        const n = hall.numberOf.get(seat.id);
        if (n === undefined) continue;
        view[n] = seat.state === 'free' ? FREE : TAKEN;
        if (seat.state === 'free') free += 1;
      }
      return free > 0;
    },
    reset() {
      for (const view of views) view.fill(FREE);
    },
  };
}

/** The 50 seats everyone wants: the middle ten seats of the centre block in rows 11 to 15. */
export function hotSeats(world: World): BenchSeat[][] {
  return world.blocks.slice(10, 15).map((row) => {
    const centre = row[1]!;
    const from = Math.floor((centre.length - 10) / 2);
    return centre.slice(from, from + 10);
  });
}

/**
 * Everyone wants the same 50 seats: 1–4 adjacent seats among them, whatever the customer was told
 * before (they keep pressing the button). Maximal contention on the same rows.
 */
export function hotPicker(world: World): Picker {
  const hall = new Hall(world.blocks);
  const rows = hotSeats(world).map((row) => row.map((seat) => hall.numberOf.get(seat.id)!));
  return {
    next() {
      const row = rows[randomInt(rows.length)]!;
      const length = 1 + randomInt(4);
      const start = randomInt(row.length - length + 1);
      const seats = row.slice(start, start + length);
      return { body: seatBody(world.seatedSessionId, hall, seats), seats };
    },
    learn() {},
    reloadPath: null,
    reload: () => true,
    reset() {},
  };
}

/**
 * The tiered concert: 2 places of a tier chosen in proportion to its size. A customer who is told a
 * tier is sold out stops asking for it; when every tier looks sold out, they reload the session page.
 */
export function tieredPicker(world: World, connections: number): Picker {
  const total = world.tiers.reduce((sum, tier) => sum + tier.capacity, 0);
  const soldOut = Array.from({ length: connections }, () => new Set<string>());
  const bodies = new Map(
    world.tiers.map((tier) => [
      tier.id,
      JSON.stringify({ sessionId: world.tieredSessionId, tiers: [{ tierId: tier.id, quantity: 2 }], contact: CONTACT }),
    ]),
  );
  return {
    next(vu) {
      const seen = soldOut[vu]!;
      const open = world.tiers.filter((tier) => !seen.has(tier.id));
      if (open.length === 0) return null;
      let ticket = randomInt(open.reduce((sum, tier) => sum + tier.capacity, 0) || total);
      const tier = open.find((candidate) => (ticket -= candidate.capacity) < 0) ?? open[0]!;
      return { body: bodies.get(tier.id)!, seats: [], tierId: tier.id };
    },
    learn(vu, attempt, _status, error) {
      if (error?.code === 'SOLD_OUT' && attempt.tierId) soldOut[vu]!.add(attempt.tierId);
    },
    reloadPath: `/api/sessions/${world.tieredSessionId}`,
    reload(vu, answer) {
      const tiers = (answer as { tiers?: { id: string; available: number }[] }).tiers ?? [];
      const seen = soldOut[vu]!;
      seen.clear();
      for (const tier of tiers) if (tier.available < 2) seen.add(tier.id);
      return seen.size < world.tiers.length;
    },
    reset() {
      for (const seen of soldOut) seen.clear();
    },
  };
}
