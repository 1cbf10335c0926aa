import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { systemClock, type Clock } from './clock.js';
import { bootstrapIdentity, consoleSmsProvider } from './modules/identity/index.js';
import { ensureCities } from './modules/catalog/index.js';
import type { AppDeps } from './app.js';
import { seedDemo } from './seed/demo.js';

/** Opens the database and wires the dependencies every process needs. */
export async function createDeps(config: Config, logger: Logger, clock: Clock = systemClock): Promise<AppDeps> {
  const database: Database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  return { config, database, clock, logger, sms: consoleSmsProvider(logger, config.env === 'production') };
}

/**
 * Work done once per start, before any process serves: migrations, then the data every install needs
 * (permissions, built-in roles, the first admin, the cities).
 */
export async function prepareDatabase(deps: AppDeps): Promise<void> {
  const applied = await migrate(deps.database);
  if (applied.length > 0) deps.logger.info({ applied }, 'migrations applied');
  await bootstrapIdentity(deps);
  await ensureCities(deps);
}

/** What a server start does before serving: prepare the database, then the demo data when configured. */
export async function prepareForServing(deps: AppDeps): Promise<void> {
  await prepareDatabase(deps);
  if (!deps.config.seedDemo) return;
  const result = await seedDemo(deps, ({ done, total, label }) =>
    deps.logger.info({ step: `${done}/${total}`, label }, 'loading demo data'),
  );
  if (result.seeded) deps.logger.info({ sessions: result.sessions }, 'demo data loaded (SEED_DEMO=false turns this off)');
}
