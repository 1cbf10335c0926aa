import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database made for one bench run on the given server, dropped when the run ends. */
export interface BenchDatabase {
  name: string;
  url: string;
  /** A small pool of the bench's own, for set-up, resets and invariant checks. */
  pool: pg.Pool;
  drop(): Promise<void>;
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(serverUrl: string, prefix = 'boxoffice_bench'): Promise<BenchDatabase> {
  // The name is made here from hex digits only, so it is safe to place in the statement.
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  return {
    name,
    url: url.toString(),
    pool,
    async drop() {
      await pool.end();
      await onServer(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

export async function serverFacts(pool: pg.Pool): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ name: string; setting: string }>(
    `select name, setting from pg_settings
     where name in ('server_version', 'max_connections', 'shared_buffers', 'synchronous_commit', 'fsync',
                    'wal_level', 'max_wal_size', 'shared_preload_libraries')`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
}
