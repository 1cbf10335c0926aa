import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../../src/db/client.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** Each run is a fresh process that opens the database and applies every migration: slow on a busy machine. */
describe('boxoffice create-admin', { timeout: 240_000 }, () => {
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'boxoffice-cli-'));
    env = { DATA_DIR: dataDir, ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}) };
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a platform admin, and refuses a taken username', async () => {
    const created = await runCli(['create-admin', '--username', 'night_ops', '--password', 'night ops pw 1', '--phone', '13811112222'], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^admin night_ops created \(id [0-9a-f-]{36}\)\n$/);

    const again = await runCli(['create-admin', '--username', 'NIGHT_OPS', '--password', 'night ops pw 1'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('username is taken');

    const opened = await openDatabase({ databaseUrl: database.databaseUrl, dataDir, poolSize: 1 });
    try {
      const rows = await queryRows<{ username: string; phone: string; role: string }>(
        opened.db,
        sql`select u.username, u.phone, r.name as role from app_user u
            join user_role ur on ur.user_id = u.id join role r on r.id = ur.role_id where u.username = 'night_ops'`,
      );
      expect(rows).toEqual([{ username: 'night_ops', phone: '13811112222', role: 'platform-admin' }]);
    } finally {
      await opened.close();
    }
  });

  it('needs a username and a password', async () => {
    const missing = await runCli(['create-admin', '--username', 'someone'], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--password');
  });
});
