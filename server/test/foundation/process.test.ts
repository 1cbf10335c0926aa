import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server did not become healthy:\n${log()}`);
}

/**
 * The real entry point as `npm start` runs it: one process on PGlite (which cannot be shared, so
 * WORKERS is refused with a reason), or a cluster of workers on PostgreSQL.
 */
describe('the server process', () => {
  const onPostgres = Boolean(process.env.DATABASE_URL);
  let child: ChildProcess;
  let output = '';
  let baseUrl = '';
  let dataDir = '';
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'boxoffice-process-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        WORKERS: '2',
        SEED_DEMO: 'false',
        ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForHealth(baseUrl, child, () => output);
  });

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  });

  it('serves health and the docs', async () => {
    const health = await fetch(`${baseUrl}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok', db: 'ok' });
    expect((await fetch(`${baseUrl}/openapi.json`)).status).toBe(200);
  });

  it.runIf(!onPostgres)('runs one process on PGlite and says why', () => {
    expect(output).toContain('WORKERS > 1 needs PostgreSQL');
  });

  it.runIf(onPostgres)('runs a cluster of workers on PostgreSQL', async () => {
    expect(output).toContain('"workers":2');
    expect(output).toContain('cluster started');
  });

  it('shuts down cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(0);
  });
});
