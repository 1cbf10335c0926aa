import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createDeps, prepareDatabase } from '../../src/runtime.js';
import { buildApp, type App, type AppDeps } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { createTestDatabase } from './database.js';

export interface TestApp {
  app: App;
  deps: AppDeps;
  clock: ManualClock;
  config: Config;
  close(): Promise<void>;
}

/**
 * A real app on a real, empty database (PGlite, or PostgreSQL when DATABASE_URL is set), with a
 * clock the test moves. Only third parties are replaced, at their boundary (`replaced`: the payment
 * providers' network calls).
 */
export async function createTestApp(
  env: Record<string, string> = {},
  replaced: Pick<AppDeps, 'paymentNetwork'> = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: 'memory://',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO: 'false',
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl, DATABASE_POOL_SIZE: '20' } : {}),
    ...env,
  });
  const clock = new ManualClock(new Date('2026-11-20T08:00:00Z'));
  const deps: AppDeps = { ...(await createDeps(config, createLogger(config), clock)), ...replaced };
  await prepareDatabase(deps);
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    deps,
    clock,
    config,
    async close() {
      await app.close();
      await deps.database.close();
      await database.drop();
    },
  };
}

/**
 * A second app process on the same database as `t`: its own pool of connections (on PostgreSQL), the
 * same settings and the same clock, as another node of a cluster would have. PGlite lives inside one
 * process, so there the second app shares `t`'s database handle. Close it before `t`.
 */
export async function createSiblingApp(t: TestApp): Promise<{ app: App; deps: AppDeps; close(): Promise<void> }> {
  const deps: AppDeps = t.config.databaseUrl
    ? await createDeps(t.config, createLogger(t.config), t.clock)
    : { ...t.deps };
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    deps,
    async close() {
      await app.close();
      if (deps.database !== t.deps.database) await deps.database.close();
    },
  };
}
