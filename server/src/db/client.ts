import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
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
  /**
   * Hears `pg_notify(channel, payload)` from any process on this database, after the notifying
   * transaction commits. On PostgreSQL all listeners share one dedicated connection outside the pool,
   * which reconnects and listens again when it drops; notifications sent while it was down are lost,
   * so `onRestored` tells the listener to re-read what it keeps. Answers the function that stops it.
   */
  listen(channel: string, onMessage: (payload: string) => void, events?: ListenEvents): Promise<Unlisten>;
  close(): Promise<void>;
}

export type Unlisten = () => Promise<void>;

export interface ListenEvents {
  /** The listening connection dropped; reconnecting has begun. */
  onLost?(error: Error | undefined): void;
  /** Listening again after a drop: anything notified in between was missed. */
  onRestored?(): void;
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
  const listener = postgresListener(url);
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
    listen: (channel, onMessage, events) => listener.listen(channel, onMessage, events),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

interface ListenHandler {
  onMessage(payload: string): void;
  events: ListenEvents;
}

/** Reconnect delays grow from 100 ms and stay at 5 s while the server is away. */
const reconnectDelay = (attempt: number) => Math.min(100 * 2 ** attempt, 5_000);

/**
 * One LISTEN connection per process, outside the pool: a pooled connection would be handed to queries
 * and lose its LISTENs on release. It connects with the first listener and ends with the last one.
 */
function postgresListener(url: string) {
  const handlers = new Map<string, Set<ListenHandler>>();
  /** The connection, once asked for; at most one is ever open and listening. */
  let current: Promise<pg.Client> | null = null;
  let retry: NodeJS.Timeout | null = null;
  let attempt = 0;
  let closed = false;

  const each = (visit: (handler: ListenHandler) => void) => {
    for (const set of handlers.values()) for (const handler of set) visit(handler);
  };

  /** Ends a connection we are done with; a dead one may still report errors, which must not crash us. */
  function retire(client: pg.Client): Promise<void> {
    client.removeAllListeners();
    client.on('error', () => {});
    return client.end().catch(() => {});
  }

  /** One pending attempt at a time: a failed attempt schedules the next, a drop the first. */
  function scheduleReconnect() {
    if (retry || closed) return;
    retry = setTimeout(() => {
      retry = null;
      if (closed || handlers.size === 0) return;
      connected().then(
        () => {
          attempt = 0;
          each((handler) => handler.events.onRestored?.());
        },
        () => {
          attempt += 1;
          scheduleReconnect();
        },
      );
    }, reconnectDelay(attempt));
  }

  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url, keepAlive: true });
    // Only a connection that is up and listening can be lost; a failed attempt is reported by its promise.
    let listening = false;
    const drop = (error?: Error) => {
      if (!listening) return;
      listening = false;
      current = null;
      void retire(client);
      if (closed || handlers.size === 0) return;
      each((handler) => handler.events.onLost?.(error));
      scheduleReconnect();
    };
    client.on('error', drop);
    client.on('end', () => drop(undefined));
    client.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) handler.onMessage(message.payload ?? '');
    });
    try {
      await client.connect();
      for (const channel of handlers.keys()) await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      void retire(client);
      throw error;
    }
    listening = true;
    return client;
  }

  function connected(): Promise<pg.Client> {
    current ??= connect().catch((error: unknown) => {
      current = null;
      throw error;
    });
    return current;
  }

  return {
    async listen(channel: string, onMessage: (payload: string) => void, events: ListenEvents = {}): Promise<Unlisten> {
      if (closed) throw new Error('The database is closed');
      const handler: ListenHandler = { onMessage, events };
      const set = handlers.get(channel) ?? new Set();
      handlers.set(channel, set);
      set.add(handler);
      try {
        const client = await connected();
        // Repeating LISTEN is harmless; it covers a channel added while the connection was opening.
        await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
      } catch (error) {
        set.delete(handler);
        if (set.size === 0) handlers.delete(channel);
        throw error;
      }
      return async () => {
        if (!set.delete(handler) || set.size > 0) return;
        handlers.delete(channel);
        const client = await current?.catch(() => null);
        if (!client) return;
        if (handlers.size > 0) {
          await client.query(`UNLISTEN ${client.escapeIdentifier(channel)}`).catch(() => {});
          return;
        }
        // The last listener is gone: so is the connection.
        current = null;
        await retire(client);
      };
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      handlers.clear();
      const client = await current?.catch(() => null);
      current = null;
      if (client) await retire(client);
    },
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
    // One in-process connection that never drops, so there is nothing to reconnect.
    listen: (channel, onMessage) => client.listen(channel, onMessage),
    close: () => client.close(),
  };
}

/** The rows of a raw SQL query; both drivers answer `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

const dialect = new PgDialect();
const statementNames = new Map<string, string>();
/** Texts whose names are remembered; past it a name is hashed again at each call. */
const NAMED_STATEMENTS = 200;

/**
 * `queryRows` as a named prepared statement, for the statements of the hot path (holds): each pooled
 * connection parses and plans the text once instead of at every call; planning was about a third of
 * a hold's database time. The name is a hash of the text, so one name never stands for two texts.
 * PGlite ignores the name.
 */
export async function queryPrepared<T>(db: Db, query: SQL): Promise<T[]> {
  const built = dialect.sqlToQuery(query);
  let name = statementNames.get(built.sql);
  if (name === undefined) {
    name = `q_${createHash('sha1').update(built.sql).digest('hex').slice(0, 24)}`;
    if (statementNames.size < NAMED_STATEMENTS) statementNames.set(built.sql, name);
  }
  const result = (await db._.session.prepareQuery(built, undefined, name, false).execute()) as { rows: T[] };
  return result.rows;
}
