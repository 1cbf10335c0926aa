import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Where tests keep their data: embedded PGlite in memory by default; with DATABASE_URL, a fresh
 * PostgreSQL database per test app, dropped when the app closes, so test files never share state.
 */
export interface TestDatabase {
  databaseUrl: string | undefined;
  drop(): Promise<void>;
}

async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { databaseUrl: undefined, drop: async () => {} };
  const name = `boxoffice_test_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    drop: () => onServer(serverUrl, `drop database if exists ${name} with (force)`),
  };
}
