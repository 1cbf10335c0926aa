import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '../../../src/db/client.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const CHANNEL = 'listener_test';

/** Waits until `ready` holds, polling: notifications arrive on another connection, a moment after commit. */
async function until(ready: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `Database.listen`: LISTEN/NOTIFY on PGlite in-process, on PostgreSQL over one dedicated connection. */
describe('listening for notifications', () => {
  let testDatabase: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = await openDatabase({ databaseUrl: testDatabase.databaseUrl, dataDir: 'memory://', poolSize: 4 });
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  const notify = (payload: string) => database.db.execute(sql`select pg_notify(${CHANNEL}, ${payload})`);

  it('hears a notification once its transaction commits, never one that rolled back, and none after unlisten', async () => {
    const heard: string[] = [];
    const unlisten = await database.listen(CHANNEL, (payload) => heard.push(payload));
    await database.db
      .transaction(async (tx) => {
        await tx.execute(sql`select pg_notify(${CHANNEL}, 'rolled back')`);
        throw new Error('undo');
      })
      .catch(() => {});
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_notify(${CHANNEL}, 'committed')`);
      expect(heard).toEqual([]);
    });
    await until(() => heard.length > 0, 'the committed notification');
    expect(heard).toEqual(['committed']);

    await unlisten();
    await notify('after unlisten');
    const marker: string[] = [];
    const other = await database.listen(`${CHANNEL}_other`, (payload) => marker.push(payload));
    await database.db.execute(sql`select pg_notify(${`${CHANNEL}_other`}, 'marker')`);
    await until(() => marker.length > 0, 'the marker');
    expect(heard).toEqual(['committed']);
    await other();
  });

  it.runIf(Boolean(process.env.DATABASE_URL))(
    'keeps trying while the server refuses connections, then listens again on one connection',
    async () => {
      const heard: string[] = [];
      const lost: number[] = [];
      let restored = 0;
      const unlisten = await database.listen(CHANNEL, (payload) => heard.push(payload), {
        onLost: () => lost.push(Date.now()),
        onRestored: () => (restored += 1),
      });
      const name = new URL(testDatabase.databaseUrl!).pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      const listeners = async () =>
        (
          await queryRows<{ count: number }>(
            database.db,
            sql`select count(*)::int as count from pg_stat_activity
                where datname = current_database() and query like 'LISTEN%'`,
          )
        )[0]!.count;
      try {
        await admin.query(`alter database ${name} allow_connections false`);
        await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and query like 'LISTEN%'`,
          [name],
        );
        await until(() => lost.length === 1, 'the drop to be noticed');
        // Several refused attempts (100, 200, 400 ms apart...) while the database is closed.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(restored).toBe(0);
        await admin.query(`alter database ${name} allow_connections true`);
        await until(() => restored === 1, 'the listener to come back');
        expect(lost).toHaveLength(1);
        expect(await listeners()).toBe(1);

        await notify('after the outage');
        await until(() => heard.length > 0, 'a notification after the outage');
        expect(heard).toEqual(['after the outage']);
      } finally {
        await admin.query(`alter database ${name} allow_connections true`);
        await admin.end();
        await unlisten();
      }
      await until(async () => (await listeners()) === 0, 'the connection to end with its last listener');
    },
  );
});
