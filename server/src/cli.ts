#!/usr/bin/env node
import { Command } from 'commander';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createDeps, prepareDatabase } from './runtime.js';
import type { AppDeps } from './app.js';

/** Opens the configured database, runs one command against it, and closes it. */
async function withDeps(work: (deps: AppDeps) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const deps = await createDeps(config, createLogger({ logLevel: process.env.LOG_LEVEL ?? 'warn' }));
  try {
    await work(deps);
  } finally {
    await deps.database.close();
  }
}

const program = new Command()
  .name('boxoffice')
  .description('Operate a Boxoffice installation: the same settings (env) as the server.');

program
  .command('migrate')
  .description('apply pending database migrations and the start-up data every install needs')
  .action(() =>
    withDeps(async (deps) => {
      await prepareDatabase(deps);
      process.stdout.write('database is up to date\n');
    }),
  );

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
