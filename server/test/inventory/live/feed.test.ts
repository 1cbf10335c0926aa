import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ListenEvents } from '../../../src/db/client.js';
import { SeatFeed, type EventSink } from '../../../src/modules/inventory/live/feed.js';
import type { LiveState } from '../../../src/modules/inventory/live/service.js';
import { SEAT_CHANNEL } from '../../../src/modules/inventory/live/notify.js';

/** A stand-in for the database's LISTEN: the test delivers notifications and drops the connection. */
function fakeDatabase() {
  let deliver: (payload: string) => void = () => {};
  let events: ListenEvents = {};
  let listening = 0;
  return {
    database: {
      async listen(channel: string, onMessage: (payload: string) => void, given?: ListenEvents) {
        expect(channel).toBe(SEAT_CHANNEL);
        deliver = onMessage;
        events = given ?? {};
        listening += 1;
        return async () => {
          listening -= 1;
        };
      },
    },
    raw: (payload: string) => deliver(payload),
    notify: (sessionId: string, unitIds: string[], state: string) => deliver(JSON.stringify({ s: sessionId, t: state, u: unitIds })),
    drop: () => events.onLost?.(new Error('terminated')),
    restore: () => events.onRestored?.(),
    listening: () => listening,
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

function recordingSink() {
  const events: { event: string; data: unknown }[] = [];
  let ended = false;
  const sink: EventSink = {
    send: (event, data) => events.push({ event, data }),
    heartbeat: () => events.push({ event: 'heartbeat', data: null }),
    end: () => (ended = true),
  };
  return { sink, events, ended: () => ended };
}

const seated = (seats: { id: string; state: string }[]): LiveState => ({
  sessionId: 's1',
  mode: 'seated',
  rows: 1,
  cols: seats.length,
  seats: seats.map((seat, i) => ({ ...seat, row: 1, col: i + 1, label: null, type: null, category: null, section: null })) as never,
});
const tiered = (available: number): LiveState => ({
  sessionId: 't1',
  mode: 'tiered',
  total: 10,
  available,
  tiers: [{ tierId: 'tier', total: 10, available }],
});
const tick = () => new Promise((resolve) => setImmediate(resolve));
const logger = pino({ level: 'silent' });

describe('the seat feed (one listener fanned out to streams)', () => {
  it('holds back changes heard while a snapshot is read, then sends them after it, in order', async () => {
    const db = fakeDatabase();
    const feed = new SeatFeed<LiveState>({ database: db.database, logger, maxClients: 10, heartbeatMs: 60_000, readState: async () => seated([]) });
    await feed.start();
    const subscription = feed.join('s1');
    db.notify('s1', ['a'], 'held');
    db.notify('s1', ['a'], 'free');
    db.notify('other', ['x'], 'held');
    const { sink, events } = recordingSink();
    sink.send('snapshot', 'the snapshot');
    subscription.attach('seated', sink);
    db.notify('s1', ['b'], 'sold');
    expect(events).toEqual([
      { event: 'snapshot', data: 'the snapshot' },
      { event: 'seats', data: { seatIds: ['a'], state: 'held' } },
      { event: 'seats', data: { seatIds: ['a'], state: 'free' } },
      { event: 'seats', data: { seatIds: ['b'], state: 'sold' } },
    ]);
    await feed.close();
  });

  it('reads a pool session’s counts once per burst of changes, whatever the number of streams', async () => {
    const db = fakeDatabase();
    let reads = 0;
    let gate = deferred<void>();
    const feed = new SeatFeed<LiveState>({
      database: db.database,
      logger,
      maxClients: 10,
      heartbeatMs: 60_000,
      readState: async () => {
        reads += 1;
        await gate.promise;
        return tiered(10 - reads);
      },
    });
    await feed.start();
    const sinks = [recordingSink(), recordingSink(), recordingSink()];
    for (const { sink } of sinks) feed.join('t1').attach('tiered', sink);
    for (let i = 0; i < 10; i += 1) db.notify('t1', [`u${i}`], 'sold');
    gate.resolve();
    gate = deferred();
    await tick();
    gate.resolve();
    await tick();
    await tick();
    // The first change starts a read; the nine during it ask for exactly one more.
    expect(reads).toBe(2);
    for (const { events } of sinks) {
      expect(events.map((event) => event.event)).toEqual(['availability', 'availability']);
      expect(events.at(-1)!.data).toMatchObject({ available: 8 });
    }
    await feed.close();
  });

  it('sends fresh snapshots after the listener comes back, holding back changes meanwhile', async () => {
    const db = fakeDatabase();
    const read = deferred<LiveState>();
    let reading = false;
    const feed = new SeatFeed<LiveState>({
      database: db.database,
      logger,
      maxClients: 10,
      heartbeatMs: 60_000,
      readState: () => {
        reading = true;
        return read.promise;
      },
    });
    await feed.start();
    const { sink, events } = recordingSink();
    feed.join('s1').attach('seated', sink);
    db.drop();
    db.restore();
    expect(reading).toBe(true);
    db.notify('s1', ['a'], 'sold');
    expect(events).toEqual([]);
    read.resolve(seated([{ id: 'a', state: 'held' }]));
    await tick();
    expect(events.map((event) => event.event)).toEqual(['snapshot', 'seats']);
    await feed.close();
  });

  it('gives a stream whose snapshot was being read during an outage another one', async () => {
    const db = fakeDatabase();
    let reads = 0;
    const feed = new SeatFeed<LiveState>({
      database: db.database,
      logger,
      maxClients: 10,
      heartbeatMs: 60_000,
      readState: async () => {
        reads += 1;
        return seated([]);
      },
    });
    await feed.start();
    const subscription = feed.join('s1');
    db.drop();
    db.restore();
    const { sink, events } = recordingSink();
    sink.send('snapshot', 'possibly stale');
    subscription.attach('seated', sink);
    await tick();
    expect(reads).toBe(1);
    expect(events.map((event) => event.event)).toEqual(['snapshot', 'snapshot']);
    await feed.close();
  });

  it('counts streams against the limit, forgets those that leave, ends them all and unlistens on close', async () => {
    const db = fakeDatabase();
    const feed = new SeatFeed<LiveState>({ database: db.database, logger, maxClients: 2, heartbeatMs: 60_000, readState: async () => seated([]) });
    await feed.start();
    expect(db.listening()).toBe(1);
    const first = feed.join('s1');
    const second = feed.join('s2');
    expect(() => feed.join('s1')).toThrow(expect.objectContaining({ code: 'UNAVAILABLE', retryAfter: 5 }));
    first.leave();
    first.leave();
    expect(feed.clients).toBe(1);
    const third = feed.join('s1');
    const sinks = [recordingSink(), recordingSink()];
    second.attach('seated', sinks[0]!.sink);
    third.attach('seated', sinks[1]!.sink);
    db.notify('s1', ['a'], 'sold');
    expect(sinks[1]!.events).toHaveLength(1);
    expect(sinks[0]!.events).toHaveLength(0);

    await feed.close();
    expect(sinks.every((sink) => sink.ended())).toBe(true);
    expect(feed.clients).toBe(0);
    expect(db.listening()).toBe(0);
    expect(() => feed.join('s1')).toThrow(expect.objectContaining({ code: 'UNAVAILABLE' }));
  });

  it('ignores a malformed notification and goes on', async () => {
    const db = fakeDatabase();
    const feed = new SeatFeed<LiveState>({ database: db.database, logger, maxClients: 2, heartbeatMs: 60_000, readState: async () => seated([]) });
    await feed.start();
    const { sink, events } = recordingSink();
    feed.join('s1').attach('seated', sink);
    db.raw('not json');
    db.notify('s1', ['a'], 'sold');
    expect(events).toEqual([{ event: 'seats', data: { seatIds: ['a'], state: 'sold' } }]);
    await feed.close();
  });
});
