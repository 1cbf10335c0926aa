import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App, AppDeps } from '../../../src/app.js';
import { queryRows } from '../../../src/db/client.js';
import { createSiblingApp, createTestApp, type TestApp } from '../../support/app.js';
import { createSchedulingWorld, postSession, seatedBody, type SchedulingWorld } from '../../support/scheduling.js';
import { changeSeats, dropSpareSockets, openEventStream, type EventStream, type SseEvent } from './stream.js';

interface Listening {
  app: App;
  deps: AppDeps;
  baseUrl: string;
  close(): Promise<void>;
}

async function listen(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** Another app on the same database with its own pool and listener, serving HTTP: a second process. */
async function secondApp(t: TestApp): Promise<Listening> {
  const sibling = await createSiblingApp(t);
  return { ...sibling, baseUrl: await listen(sibling.app) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The state of one seat in a snapshot event. */
const stateIn = (snapshot: SseEvent, seatId: string) =>
  (snapshot.data.seats as { id: string; state: string }[]).find((seat) => seat.id === seatId)?.state;

/**
 * Several processes on one PostgreSQL database: each listens for seat changes itself, so a stream on
 * any of them hears a change committed through any other. PGlite lives inside one process: nothing to show.
 */
describe.skipIf(!process.env.DATABASE_URL)('live seat maps across processes', () => {
  let t: TestApp;
  let world: SchedulingWorld;
  let baseUrl: string;
  let second: Listening;
  const streams: EventStream[] = [];
  let startsAt = Date.parse('2026-12-01T10:00:00+08:00');

  const open = async (url: string, sessionId: string) => {
    const stream = await openEventStream(url, sessionId);
    streams.push(stream);
    return stream;
  };
  /** A fresh seated session (three hours after the last, so the hall is free), and its seat ids. */
  const newSession = async () => {
    startsAt += 3 * 3600_000;
    const response = await postSession(t, world.owner, seatedBody(world, { startsAt: new Date(startsAt).toISOString() }));
    expect(response.statusCode).toBe(201);
    const id: string = response.json().id;
    const rows = await queryRows<{ id: string }>(
      t.deps.database.db,
      sql`select id::text as id from inventory_unit where session_id = ${id} order by seat_row, seat_col`,
    );
    return { id, seats: rows.map((row) => row.id) };
  };

  beforeAll(async () => {
    t = await createTestApp();
    world = await createSchedulingWorld(t);
    baseUrl = await listen(t.app);
    second = await secondApp(t);
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    if (second) {
      dropSpareSockets(second.app);
      await second.close();
    }
    dropSpareSockets(t?.app);
    await t?.close();
  });

  it('a change committed through one app reaches a stream on another', async () => {
    const session = await newSession();
    const stream = await open(second.baseUrl, session.id);
    await stream.next('snapshot');

    await changeSeats(t.deps.database.db, session.id, [session.seats[0]!], 'held');
    expect(await stream.next()).toEqual({ event: 'seats', data: { seatIds: [session.seats[0]], state: 'held' } });

    // And a real use case through the first app's API: cancelling the session blocks every seat.
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/merchant/sessions/${session.id}/cancel`,
      headers: world.owner.headers,
    });
    expect(cancelled.statusCode).toBe(200);
    const event = await stream.next('seats');
    expect(event.data.state).toBe('blocked');
    expect([...(event.data.seatIds as string[])].sort()).toEqual([...session.seats].sort());
    stream.close();
  });

  it('a second server process started with the real entry point hears changes made through the first', async () => {
    const session = await newSession();
    const dataDir = mkdtempSync(join(tmpdir(), 'boxoffice-live-'));
    const port = await freePort();
    const processUrl = `http://127.0.0.1:${port}`;
    let output = '';
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        SEED_DEMO: 'false',
        DATABASE_URL: t.config.databaseUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      let healthy = false;
      for (let attempt = 0; attempt < 240 && !healthy && child.exitCode === null; attempt += 1) {
        healthy = await fetch(`${processUrl}/api/health`).then(
          (response) => response.ok,
          () => false,
        );
        if (!healthy) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(healthy, output).toBe(true);

      const stream = await openEventStream(processUrl, session.id);
      expect((await stream.next('snapshot')).data.seats).toHaveLength(11);
      await changeSeats(t.deps.database.db, session.id, session.seats.slice(0, 2), 'sold');
      expect(await stream.next()).toEqual({ event: 'seats', data: { seatIds: session.seats.slice(0, 2), state: 'sold' } });

      // Stopping the process ends its streams rather than waiting on them.
      child.kill('SIGTERM');
      await stream.waitForEnd();
      expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('listens again after its connection is killed, and sends fresh snapshots for what was missed', async () => {
    const session = await newSession();
    const stream = await open(baseUrl, session.id);
    const onSecond = await open(second.baseUrl, session.id);
    await stream.next('snapshot');
    await onSecond.next('snapshot');

    const killed = await queryRows<{ pid: number }>(
      t.deps.database.db,
      sql`select pid from pg_stat_activity
          where datname = current_database() and query like 'LISTEN%' and pid <> pg_backend_pid()
            and pg_terminate_backend(pid)`,
    );
    expect(killed.length).toBe(2);
    // Committed while nobody listens: its notification is lost, the fresh snapshot carries it.
    await changeSeats(t.deps.database.db, session.id, [session.seats[5]!], 'sold');

    for (const each of [stream, onSecond]) expect(stateIn(await each.next('snapshot'), session.seats[5]!)).toBe('sold');

    // Listening again: changes flow as before, to both apps.
    await changeSeats(t.deps.database.db, session.id, [session.seats[6]!], 'held');
    for (const each of [stream, onSecond]) {
      expect(await each.next('seats')).toEqual({ event: 'seats', data: { seatIds: [session.seats[6]], state: 'held' } });
    }
    stream.close();
    onSecond.close();
  });

  it('closing an app ends its streams and stops its listener', async () => {
    const session = await newSession();
    const other = await secondApp(t);
    const stream = await open(other.baseUrl, session.id);
    await stream.next('snapshot');
    const listeners = async () =>
      (
        await queryRows<{ count: number }>(
          t.deps.database.db,
          sql`select count(*)::int as count from pg_stat_activity
              where datname = current_database() and query like 'LISTEN%'`,
        )
      )[0]!.count;
    expect(await listeners()).toBe(3);

    const closing = other.close();
    await stream.waitForEnd();
    dropSpareSockets(other.app);
    await closing;
    expect(await listeners()).toBe(2);
  });
});
