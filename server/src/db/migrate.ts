import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.js';

/** Both the sources (server/src/db) and the build (server/dist/db) sit two levels below server/. */
export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');

/**
 * Applies the SQL files of server/migrations in name order, each in its own transaction, under a
 * cluster-wide lock so several starting processes never apply one twice. Returns the names applied.
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name)).sort();
  return database.exclusive(async (session) => {
    await session.exec(`create table if not exists schema_migration (
      name text primary key,
      applied_at timestamptz not null default now()
    )`);
    const done = new Set((await session.rows('select name from schema_migration')).map((row) => String(row.name)));
    const applied: string[] = [];
    for (const name of files.filter((file) => !done.has(file))) {
      const sqlText = await readFile(join(dir, name), 'utf8');
      try {
        // File names are checked against a strict pattern above, so quoting them inline is safe.
        await session.exec(`begin;\n${sqlText}\n;\ninsert into schema_migration (name) values ('${name}');\ncommit;`);
      } catch (error) {
        await session.exec('rollback');
        throw new Error(`migration ${name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(name);
    }
    return applied;
  });
}
