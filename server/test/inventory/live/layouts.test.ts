import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.js';
import { SeatLayoutCache } from '../../../src/modules/inventory/live/layouts.js';

/** A database that answers the layout query with `seats` seats for known sessions, counting queries. */
function fakeDb(sizes: Record<string, number>) {
  let queries = 0;
  const db = {
    async execute(query: { queryChunks?: unknown[] }) {
      queries += 1;
      const sessionId = JSON.stringify(query).match(/"(s\d+)"/)?.[1] ?? '';
      const size = sizes[sessionId];
      if (size === undefined) return { rows: [] };
      const seats = Array.from({ length: size }, (_, i) => ({ id: `${sessionId}-${i}`, row: 1, col: i + 1 }));
      return { rows: [{ mode: 'seated', seat_rows: 1, seat_cols: size, seats }] };
    },
  } as unknown as Db;
  return { db, queries: () => queries };
}

describe('the seat layout cache', () => {
  it('reads a layout once, also for concurrent first reads, and keeps it', async () => {
    const { db, queries } = fakeDb({ s1: 3 });
    const cache = new SeatLayoutCache(100);
    const [a, b] = await Promise.all([cache.find(db, 's1'), cache.find(db, 's1')]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ mode: 'seated', rows: 1, cols: 3 });
    expect(a!.seats).toHaveLength(3);
    await cache.find(db, 's1');
    expect(queries()).toBe(1);
  });

  it('does not keep an unknown session: it may be created later', async () => {
    const sizes: Record<string, number> = {};
    const { db, queries } = fakeDb(sizes);
    const cache = new SeatLayoutCache(100);
    expect(await cache.find(db, 's9')).toBeNull();
    sizes.s9 = 2;
    expect((await cache.find(db, 's9'))!.seats).toHaveLength(2);
    expect(queries()).toBe(2);
  });

  it('drops the least recently used layouts past its seat budget', async () => {
    const { db, queries } = fakeDb({ s1: 40, s2: 40, s3: 40 });
    const cache = new SeatLayoutCache(100);
    await cache.find(db, 's1');
    await cache.find(db, 's2');
    await cache.find(db, 's1');
    await cache.find(db, 's3');
    expect(cache.size).toBe(2);
    expect(queries()).toBe(3);
    await cache.find(db, 's1');
    expect(queries()).toBe(3);
    await cache.find(db, 's2');
    expect(queries()).toBe(4);
  });
});
