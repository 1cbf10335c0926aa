import cluster from 'node:cluster';
import { loadConfig, ConfigError, type Config } from './config.js';
import { createLogger } from './logger.js';
import { createDeps, prepareForServing } from './runtime.js';
import { buildApp } from './app.js';
import { startJobs } from './jobs/scheduler.js';
import { orderExpiryJob } from './jobs/expire-orders.js';
import { jobPaymentsContext, refundJob, sandboxDeliveryJob } from './jobs/payments.js';
import type { Logger } from 'pino';

async function serve(config: Config, logger: Logger, prepare: boolean): Promise<void> {
  const deps = await createDeps(config, logger);
  if (prepare) await prepareForServing(deps);
  const app = await buildApp(deps);
  // Every serving process sweeps: the jobs claim their rows with skip locked, so they never collide.
  const payments = jobPaymentsContext(deps);
  const jobs = startJobs([orderExpiryJob(deps, payments), sandboxDeliveryJob(payments), refundJob(payments)], logger);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await jobs.stop();
    await app.close();
    await deps.database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ host: config.host, port: config.port });
}

/** The primary prepares the database once, then forks workers that share the port. */
async function serveCluster(config: Config, logger: Logger): Promise<void> {
  const deps = await createDeps(config, logger);
  await prepareForServing(deps);
  await deps.database.close();
  let stopping = false;
  for (let i = 0; i < config.workers; i += 1) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'worker exited; starting another');
    cluster.fork();
  });
  const stop = (signal: string) => {
    stopping = true;
    logger.info({ signal }, 'stopping workers');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  logger.info({ workers: config.workers, port: config.port }, 'cluster started');
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config);
  if (cluster.isWorker) return serve(config, logger, false);
  if (config.workers > 1 && !config.databaseUrl) {
    logger.warn(
      { workers: config.workers },
      'WORKERS > 1 needs PostgreSQL (DATABASE_URL): embedded PGlite lives inside one process, so running one',
    );
    return serve(config, logger, true);
  }
  if (config.workers > 1) return serveCluster(config, logger);
  return serve(config, logger, true);
}

main().catch((error: unknown) => {
  process.stderr.write(`Boxoffice failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
