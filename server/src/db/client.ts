import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';

/** The one handle every repo takes: a database or a transaction on it. */
export type Db = PgDatabase<PgQueryResultHKT>;

/** Raw SQL on one connection, for migrations only: `exec` takes several statements, `rows` one query. */
export interface SqlSession {
  exec(sqlText: string): Promise<void>;
  rows(sqlText: string): Promise<Record<string, unknown>[]>;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs `work` while holding the cluster-wide migration lock, on one connection. */
  exclusive<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Pool statistics for /metrics; PGlite has one in-process connection. */
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  /** `memory://` or a folder for PGlite. */
  dataDir: string;
  poolSize: number;
}

/** Any 64-bit number works; this one names the migration lock in pg_locks. */
const MIGRATION_LOCK = 7_305_117_001;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize) : openPglite(options.dataDir);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // Timestamps come back as JS Dates and bigint counts as strings; both are converted where read.
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  const db = drizzlePg({ client: pool }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async exclusive(work) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        try {
          return await work({
            exec: async (text) => {
              await client.query(text);
            },
            rows: async (text) => (await client.query(text)).rows,
          });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
        }
      } finally {
        client.release();
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const db = drizzlePglite({ client }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    exclusive: (work) =>
      work({
        exec: async (text) => {
          await client.exec(text);
        },
        rows: async (text) => (await client.query<Record<string, unknown>>(text)).rows,
      }),
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: () => client.close(),
  };
}

/** The rows of a raw SQL query; both drivers answer `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
