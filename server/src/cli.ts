#!/usr/bin/env node
import { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createDeps, prepareDatabase } from './runtime.js';
import type { AppDeps } from './app.js';
import { migrate } from './db/migrate.js';
import { seedDemo } from './seed/demo.js';
import { importCities } from './modules/catalog/index.js';
import { createAdmin } from './modules/identity/index.js';
import { countDueOrders, expireDueOrders } from './modules/orders/index.js';
import { seatChangePublisher } from './modules/inventory/index.js';
import { openEntryQuotasForVenue, quotaInputFromOptions, type QuotaCommandOptions } from './modules/scheduling/index.js';
import { inspectCode, ticketSigner } from './modules/tickets/index.js';
import { closePayables, refundSubject, settleDuePayments } from './modules/payments/index.js';
import { jobPaymentsContext } from './jobs/payments.js';

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

program
  .command('seed')
  .description('load the demo data (accounts, a cinema, a theatre, a museum and their sessions) unless it is there')
  .action(() =>
    withDeps(async (deps) => {
      await prepareDatabase(deps);
      const bar = new SingleBar({ format: 'demo data [{bar}] {value}/{total} {label}' }, Presets.shades_classic);
      const result = await seedDemo(deps, ({ done, total, label }) =>
        done === 1 ? bar.start(total, 1, { label }) : bar.update(done, { label }),
      ).finally(() => bar.stop());
      process.stdout.write(
        result.seeded ? `demo data loaded: ${result.sessions} sessions\n` : 'demo data is there already; nothing changed\n',
      );
    }),
  );

program
  .command('import-cities')
  .description('load or refresh the provinces and cities (GB/T 2260 codes) from the bundled data package')
  .action(() =>
    withDeps(async (deps) => {
      await migrate(deps.database);
      const bar = new SingleBar({ format: 'cities [{bar}] {value}/{total}' }, Presets.shades_classic);
      const result = await importCities(deps.database.db, {
        onProgress: ({ done, total }) => (done === 0 ? bar.start(total, 0) : bar.update(done)),
      }).finally(() => bar.stop());
      process.stdout.write(
        `cities: ${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged (${result.total} in the data)\n`,
      );
    }),
  );

program
  .command('create-admin')
  .description('create a platform administrator (role platform-admin)')
  .requiredOption('--username <username>', '3 to 32 of A-Z a-z 0-9 _ . -')
  .requiredOption('--password <password>', '8 to 128 characters')
  .option('--phone <phone>', 'a mainland mobile or E.164 number')
  .action((options: { username: string; password: string; phone?: string }) =>
    withDeps(async (deps) => {
      await prepareDatabase(deps);
      const admin = await createAdmin(deps.database.db, options);
      process.stdout.write(`admin ${admin.username} created (id ${admin.id})\n`);
    }),
  );

const collect = (value: string, previous: string[]): string[] => [...previous, value];

program
  .command('open-quotas')
  .description("open daily entry quotas at a venue: one timed-entry session per day and slot (existing ones are skipped)")
  .requiredOption('--venue <id>', 'the venue (its merchant owns the sessions)')
  .requiredOption('--production <id>', 'the production shown')
  .requiredOption('--from <date>', 'first day, YYYY-MM-DD in the venue’s time zone')
  .requiredOption('--to <date>', 'last day, inclusive')
  .requiredOption('--slot <label,HH:MM[,HH:MM],capacity>', 'a daily slot; repeat for more', collect, [])
  .requiredOption('--type <type:price>', 'a ticket type and its price in minor units (adult is required); repeat', collect, [])
  .option('--currency <code>', 'ISO 4217, default CNY')
  .action((options: QuotaCommandOptions & { venue: string }) =>
    withDeps(async (deps) => {
      await prepareDatabase(deps);
      const input = quotaInputFromOptions(options);
      const bar = new SingleBar({ format: 'days [{bar}] {value}/{total} {day}' }, Presets.shades_classic);
      let started = false;
      const result = await openEntryQuotasForVenue(deps.database.db, options.venue, input, {
        onDay: ({ localDate, done, days }) => {
          if (!started) bar.start(days, 0, { day: '' });
          started = true;
          bar.update(done, { day: localDate });
        },
      }).finally(() => bar.stop());
      process.stdout.write(`entry quotas: ${result.created} sessions created, ${result.skipped} skipped\n`);
    }),
  );

program
  .command('expire-orders')
  .description('apply payments found paid at their provider, then expire every pending order past its hold and free its places (what the sweeper does)')
  .action(() =>
    withDeps(async (deps) => {
      await prepareDatabase(deps);
      // As the sweeper does: a payment made at its provider whose notification was lost is applied, not expired.
      const payments = jobPaymentsContext(deps);
      const settled = await settleDuePayments(payments).finally(() => closePayables(payments));
      if (settled > 0) process.stdout.write(`payments found paid at their provider and applied: ${settled}\n`);
      const due = await countDueOrders(deps.database.db, deps.clock);
      const bar = new SingleBar({ format: 'orders [{bar}] {value}/{total}' }, Presets.shades_classic);
      bar.start(due, 0);
      const publisher = seatChangePublisher(deps.database.db, deps.clock, deps.logger);
      // Other processes may be sweeping too: the count can end below `due`, or pass it as holds lapse.
      const expired = await expireDueOrders(deps.database.db, deps.clock, {
        publisher,
        onBatch: (done) => {
          if (done > bar.getTotal()) bar.setTotal(done);
          bar.update(done);
        },
      }).finally(async () => {
        bar.stop();
        await publisher.close();
      });
      process.stdout.write(`orders expired: ${expired}\n`);
    }),
  );

program
  .command('verify-ticket')
  .description("check a ticket's QR content (BO1.…) against the platform key (TICKET_SIGNING_KEY) and print what it says")
  .argument('<code>', 'the scanned QR content')
  .action((code: string) => {
    const { signatureValid, payload } = inspectCode(ticketSigner(loadConfig().ticketSigningKey), code);
    process.stdout.write(`${JSON.stringify({ signatureValid, payload }, null, 2)}\n`);
    // A failed check must fail a script that relies on it.
    if (!signatureValid) process.exitCode = 1;
  });

program
  .command('refund-order')
  .description('refund a paid order as the platform (no cut-off, no fee): all its tickets, or those named')
  .argument('<orderId>', 'the order to refund')
  .option('--ticket <id...>', 'refund only these tickets of the order')
  .option('--reason <text>', 'why, kept with the refund')
  .action((orderId: string, options: { ticket?: string[]; reason?: string }) =>
    withDeps(async (deps) => {
      await prepareDatabase(deps);
      const ctx = jobPaymentsContext(deps);
      try {
        const refund = await refundSubject(ctx, { by: 'system' }, {
          kind: 'order',
          subjectId: orderId,
          ticketIds: options.ticket ?? null,
          reason: options.reason ?? 'refunded by the platform',
        });
        process.stdout.write(`${JSON.stringify(refund, null, 2)}\n`);
      } finally {
        await closePayables(ctx);
      }
    }),
  );

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
