/**
 * The load bench of the hold path: `npm run bench -- --help`. Creates a database, sets up the sale
 * through the server's own code, starts the server in cluster mode, runs the scenarios, checks the
 * invariants in the database after every round, measures the database's own ceiling with pgbench,
 * writes JSON under bench/results and prints a summary. Exits non-zero on a broken invariant or a 5xx.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase, serverFacts, type BenchDatabase } from './lib/database.js';
import { checkInvariants, findOrderTables, resetSale, type InvariantCheck, type OrderTables } from './lib/invariants.js';
import { runLoad, type LoadResult, type RoundResult } from './lib/load.js';
import { cpuSnapshot, cpuUse, machineFacts, sampleActivity, type CpuUse } from './lib/machine.js';
import { parseOptions, helpText, type BenchOptions, type Scenario } from './lib/options.js';
import { runPgbench, type PgbenchResult } from './lib/pgbench.js';
import { hotPicker, seatedPicker, tieredPicker, type Picker } from './lib/pickers.js';
import { summariseProfiles, type ProfileSummary } from './lib/profile.js';
import { fixed, latencySummary, stamp, writeResults, type LatencySummary, type Target } from './lib/report.js';
import { buildServer, startServer, type RunningServer } from './lib/server.js';
import { createWorld, preparePgbenchSeats, serverEnvironment, type World } from './lib/world.js';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const RESULTS_DIR = join(BENCH_DIR, 'results');
/** Attempts between resets when not told: a flash sale of the whole hall, a rush on the hot seats, the concert. */
const DEFAULT_ROUND: Record<Scenario, number> = { seated: 4_000, hot: 2_000, tiered: 5_000 };
const WARM_UP_ATTEMPTS = 1_000;
const TARGETS = { attemptsPerSecond: 3_000, p99Ms: 250 };

const say = (line: string) => process.stdout.write(`${line}\n`);

interface RoundCheck {
  round: number;
  attempts: number;
  holds: number;
  ok: boolean;
  failed: InvariantCheck[];
}

interface ScenarioReport {
  scenario: Scenario;
  sessionId: string;
  attempts: number;
  successfulHolds: number;
  unitsHeld: number;
  rounds: number;
  activeSeconds: number;
  wallSeconds: number;
  attemptsPerSecond: number;
  holdsPerSecond: number;
  latency: LatencySummary;
  answers: Record<string, number>;
  serverErrors: number;
  reloads: { count: number; failures: number; latency: LatencySummary };
  invariants: { ok: boolean; roundsChecked: number; last: InvariantCheck[]; failedRounds: RoundCheck[] };
  cpu: CpuUse;
  databaseActivity: { samples: number; averageConnections: Record<string, number> };
}

function pickerFor(scenario: Scenario, world: World, connections: number): Picker {
  if (scenario === 'seated') return seatedPicker(world, connections);
  if (scenario === 'hot') return hotPicker(world);
  return tieredPicker(world, connections);
}

async function probeOrders(origin: string, authorization: string): Promise<{ available: boolean; status: number }> {
  const response = await fetch(`${origin}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: '{}',
  });
  await response.text();
  return { available: response.status !== 404, status: response.status };
}

async function runScenario(
  scenario: Scenario,
  options: BenchOptions,
  context: { db: BenchDatabase; world: World; server: RunningServer; tables: OrderTables | null },
): Promise<ScenarioReport> {
  const { db, world, server, tables } = context;
  const sessionId = scenario === 'tiered' ? world.tieredSessionId : world.seatedSessionId;
  const roundAttempts = options.roundAttempts ?? DEFAULT_ROUND[scenario];
  const checks: RoundCheck[] = [];
  let last: InvariantCheck[] = [];
  const check = async (round: RoundResult, holds: number) => {
    last = await checkInvariants(db.pool, tables, sessionId, round.confirmed);
    const failed = last.filter((item) => !item.ok);
    checks.push({ round: checks.length + 1, attempts: round.attempts, holds, ok: failed.length === 0, failed });
  };

  // A short warm-up lets V8 compile the hot path; its answers are checked too, then the sale is reset.
  await runLoad({
    origin: server.origin,
    connections: options.connections,
    customers: world.customers,
    picker: pickerFor(scenario, world, options.connections),
    attempts: Math.min(WARM_UP_ATTEMPTS, options.attempts),
    durationMs: 10_000,
    roundAttempts: 0,
    betweenRounds: async () => {},
    afterLast: async (round) => check(round, round.confirmed.length),
  });
  await resetSale(db.pool, tables);
  const warmUpFailures = checks.filter((round) => !round.ok);
  checks.length = 0;

  const activity = sampleActivity(db.pool, db.name);
  const before = cpuSnapshot();
  const result: LoadResult = await runLoad({
    origin: server.origin,
    connections: options.connections,
    customers: world.customers,
    picker: pickerFor(scenario, world, options.connections),
    attempts: options.attempts,
    durationMs: options.duration * 1000,
    roundAttempts,
    betweenRounds: async (round) => {
      await check(round, round.confirmed.length);
      await resetSale(db.pool, tables);
    },
    afterLast: async (round) => check(round, round.confirmed.length),
  });
  const cpu = cpuUse(before, cpuSnapshot(), server.pid, db.name);
  const databaseActivity = await activity.stop();
  await resetSale(db.pool, tables);

  const seconds = result.activeMs / 1000;
  const serverErrors = Object.entries(result.answers)
    .filter(([key]) => /^5\d\d/.test(key) || key.startsWith('network-error'))
    .reduce((sum, [, n]) => sum + n, 0);
  const failedRounds = [...warmUpFailures.map((round) => ({ ...round, round: 0 })), ...checks.filter((round) => !round.ok)];
  return {
    scenario,
    sessionId,
    attempts: result.attempts,
    successfulHolds: result.holds,
    unitsHeld: result.unitsHeld,
    rounds: result.rounds,
    activeSeconds: Math.round(seconds * 100) / 100,
    wallSeconds: Math.round(result.wallMs / 10) / 100,
    attemptsPerSecond: Math.round(result.attempts / seconds),
    holdsPerSecond: Math.round(result.holds / seconds),
    latency: latencySummary(result.latenciesMs),
    answers: Object.fromEntries(Object.entries(result.answers).sort((a, b) => b[1] - a[1])),
    serverErrors,
    reloads: { count: result.reloads.count, failures: result.reloads.failures, latency: latencySummary(result.reloads.latenciesMs) },
    invariants: { ok: failedRounds.length === 0, roundsChecked: checks.length, last, failedRounds },
    cpu,
    databaseActivity,
  };
}

function targetsOf(reports: ScenarioReport[]): Target[] {
  const targets: Target[] = [];
  const broken = reports.filter((report) => !report.invariants.ok);
  const errors = reports.reduce((sum, report) => sum + report.serverErrors, 0);
  targets.push({
    name: 'no invariant violation and no 5xx in any scenario',
    met: reports.length > 0 && broken.length === 0 && errors === 0,
    value: `${broken.length} scenario(s) with violations, ${errors} 5xx/network errors`,
  });
  const seated = reports.find((report) => report.scenario === 'seated');
  const tiered = reports.find((report) => report.scenario === 'tiered');
  targets.push({
    name: `≥ ${fixed(TARGETS.attemptsPerSecond)} hold attempts/s end to end in seated`,
    met: seated ? seated.attemptsPerSecond >= TARGETS.attemptsPerSecond : null,
    value: seated ? `${fixed(seated.attemptsPerSecond)}/s` : 'not run',
  });
  for (const report of reports) {
    targets.push({
      name: `p99 < ${TARGETS.p99Ms} ms at ${report.scenario}`,
      met: report.latency.p99Ms < TARGETS.p99Ms,
      value: `${report.latency.p99Ms} ms`,
    });
  }
  targets.push({
    name: 'tiered at least as fast as seated (attempts/s)',
    met: seated && tiered ? tiered.attemptsPerSecond >= seated.attemptsPerSecond : null,
    value: seated && tiered ? `${fixed(tiered.attemptsPerSecond)}/s vs ${fixed(seated.attemptsPerSecond)}/s` : 'not run',
  });
  return targets;
}

async function freeConnections(db: BenchDatabase): Promise<number> {
  const { rows } = await db.pool.query<{ free: number }>(
    `select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
            - (select count(*) from pg_stat_activity where backend_type = 'client backend')::int as free`,
  );
  return rows[0]?.free ?? 0;
}

/** The pgbench run a scenario compares with: the seated hold for seat scenarios, the tier hold for tiers. */
function ceilingOf(report: ScenarioReport, runs: PgbenchResult[]) {
  const run = runs.find((candidate) => candidate.name === (report.scenario === 'tiered' ? 'tiered 2-place hold' : 'seated 4-seat hold'));
  if (!run || run.tps <= 0) return null;
  return { pgbench: run.name, tps: run.tps, attemptsPerSecondOverTps: Math.round((report.attemptsPerSecond / run.tps) * 100) / 100 };
}

function printSummary(reports: ScenarioReport[], pgbench: PgbenchResult[], targets: Target[], settings: Record<string, unknown>) {
  say('');
  say(`Boxoffice hold bench — ${settings.workers} workers × pool ${settings.poolSize}, ${settings.connections} connections`);
  for (const r of reports) {
    say(
      `  ${r.scenario.padEnd(7)} ${fixed(r.attempts)} attempts in ${r.activeSeconds}s: ${fixed(r.attemptsPerSecond)} attempts/s, ` +
        `${fixed(r.holdsPerSecond)} holds/s; p50 ${r.latency.p50Ms} ms, p95 ${r.latency.p95Ms} ms, p99 ${r.latency.p99Ms} ms; ` +
        `invariants ${r.invariants.ok ? 'OK' : 'BROKEN'} (${r.invariants.roundsChecked} rounds)`,
    );
    say(`          answers: ${Object.entries(r.answers).map(([key, n]) => `${key} ×${fixed(n)}`).join(', ')}`);
    say(`          CPU (cores): ${Object.entries(r.cpu.byGroup).map(([key, n]) => `${key} ${n}`).join(', ')}; machine ${Math.round(r.cpu.machineBusy * 100)}% busy`);
    const ceiling = ceilingOf(r, pgbench);
    if (ceiling) {
      say(`          = ${Math.round(ceiling.attemptsPerSecondOverTps * 100)}% of pgbench's ${fixed(ceiling.tps)} tps for the ${ceiling.pgbench}`);
    }
  }
  for (const run of pgbench) {
    say(`  pgbench ${run.name}: ${fixed(run.tps)} tps at ${run.clients} clients, ${run.latencyAverageMs} ms average, ${run.failed} failed`);
  }
  say('  targets:');
  for (const t of targets) say(`    [${t.met === null ? ' - ' : t.met ? 'met' : 'MISSED'}] ${t.name}: ${t.value}`);
}

async function main(): Promise<number> {
  const parsed = parseOptions(process.argv.slice(2), process.env);
  if (parsed === 'help') {
    say(helpText);
    return 0;
  }
  const options = parsed;
  const startedAt = new Date();
  const db = await createBenchDatabase(options.databaseUrl);
  say(`bench database ${db.name}`);
  let server: RunningServer | null = null;
  const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'boxoffice-profile-')) : undefined;
  try {
    const env = serverEnvironment(db.url, { port: options.port, workers: options.workers, poolSize: options.poolSize });
    const setupStarted = performance.now();
    const world = await createWorld(env, options.customers);
    await preparePgbenchSeats(db.pool, world.pgbench.seated.sessionId);
    // A database in service has statistics; a fresh one has none until autovacuum gets to it, and
    // without them the planner picks other plans for the hold (see the README).
    if (!options.noAnalyze) await db.pool.query('analyze');
    const setupSeconds = Math.round((performance.now() - setupStarted) / 100) / 10;
    say(`set-up: ${world.blocks.flat(2).length} seats, ${world.tiers.reduce((n, t) => n + t.capacity, 0)} tier places, ${world.customers.length} customers in ${setupSeconds}s`);

    let mode = options.server;
    let buildNote: string | null = null;
    if (mode === 'dist') {
      const build = buildServer();
      if (!build.ok) {
        mode = 'src';
        buildNote = `npm run build failed, ran the TypeScript through tsx instead:\n${build.output.slice(-2000)}`;
        say('npm run build failed: running server/src/main.ts through tsx');
      }
    }
    const logFile = join(RESULTS_DIR, `server-${stamp(startedAt)}.log`);
    server = await startServer({ env, mode, logFile, profileDir });
    say(`server: ${server.entry} (pid ${server.pid}), log ${logFile}`);

    const tables = await findOrderTables(db.pool);
    const probe = await probeOrders(server.origin, world.customers[0]!.authorization);
    const reports: ScenarioReport[] = [];
    if (!probe.available) {
      say(`POST /api/orders answers ${probe.status}: the orders module is not there yet, so no scenario runs`);
    } else {
      for (const scenario of options.scenarios) {
        say(`running ${scenario}…`);
        reports.push(await runScenario(scenario, options, { db, world, server, tables }));
        const r = reports.at(-1)!;
        say(`  ${fixed(r.attemptsPerSecond)} attempts/s, p99 ${r.latency.p99Ms} ms, invariants ${r.invariants.ok ? 'OK' : 'BROKEN'}`);
      }
    }

    const pgbench: PgbenchResult[] = [];
    let pgbenchNote: string | null = null;
    const wanted = options.pgbenchClients ?? options.workers * options.poolSize;
    if (wanted > 0) {
      // pgbench needs connections of its own next to the server's pools; never more than the server allows.
      const clients = Math.max(1, Math.min(wanted, (await freeConnections(db)) - 5));
      if (clients < wanted) pgbenchNote = `asked for ${wanted} pgbench clients, PostgreSQL had room for ${clients}`;
      const { seated, tiered } = world.pgbench;
      const common = { merchant: world.merchantId, users: options.customers };
      const runs: { name: string; file: string; variables: Record<string, string | number> }[] = [
        { name: 'seated 4-seat hold', file: 'hold-seated.sql', variables: { sid: seated.sessionId, pid: seated.productionId, notify: 1 } },
        { name: 'seated 4-seat hold without NOTIFY', file: 'hold-seated.sql', variables: { sid: seated.sessionId, pid: seated.productionId, notify: 0 } },
        { name: 'tiered 2-place hold', file: 'hold-tiered.sql', variables: { sid: tiered.sessionId, tid: tiered.tierId, pid: tiered.productionId, notify: 1 } },
      ];
      for (const run of runs) {
        say(`pgbench: ${run.name}, ${clients} clients, ${options.pgbenchSeconds}s…`);
        pgbench.push(
          runPgbench({
            name: run.name,
            url: db.url,
            script: join(BENCH_DIR, 'pgbench', run.file),
            clients,
            seconds: options.pgbenchSeconds,
            variables: { ...run.variables, mid: common.merchant, users: common.users },
          }),
        );
      }
    }

    await server.stop();
    const serverPid = server.pid;
    server = null;
    let profile: ProfileSummary | null = null;
    if (profileDir) {
      profile = summariseProfiles(profileDir, [serverPid]);
      say(`profiles: ${profileDir}`);
    }
    const serverLog = readFileSync(logFile, 'utf8');
    const targets = targetsOf(reports);
    const settings = {
      scenarios: options.scenarios,
      duration: options.duration,
      attempts: options.attempts,
      connections: options.connections,
      workers: options.workers,
      poolSize: options.poolSize,
      roundAttempts: Object.fromEntries(options.scenarios.map((s) => [s, options.roundAttempts ?? DEFAULT_ROUND[s]])),
      warmUpAttempts: WARM_UP_ATTEMPTS,
      customers: options.customers,
      server: mode,
      serverCommand: `WORKERS=${options.workers} DATABASE_POOL_SIZE=${options.poolSize} NODE_ENV=production LOG_LEVEL=warn SEED_DEMO=false ${mode === 'dist' ? 'node server/dist/main.js' : 'node --import tsx server/src/main.ts'}`,
      rateLimitPerAddress: Number(env.RATE_LIMIT_PER_ADDRESS),
      maxTicketsPerUser: 100,
      holdMinutes: 15,
      analyzedAfterSetup: !options.noAnalyze,
    };
    const report = {
      startedAt: startedAt.toISOString(),
      settings,
      machine: { ...machineFacts(), postgres: await serverFacts(db.pool) },
      setupSeconds,
      ordersEndpoint: probe,
      ordersTables: tables,
      scenarios: reports,
      pgbench: { note: pgbenchNote, runs: pgbench.map((run) => ({ ...run, output: undefined })) },
      ratioToPgbench: Object.fromEntries(reports.map((r) => [r.scenario, ceilingOf(r, pgbench)])),
      profile,
      serverLog: { file: logFile, errorLines: serverLog.split('\n').filter((line) => /"level":(50|60)/.test(line)).length },
      buildNote,
      targets,
    };
    const name = options.scenarios.length === 3 ? 'all' : options.scenarios.join('+');
    const file = writeResults(RESULTS_DIR, name, startedAt, report);
    printSummary(reports, pgbench, targets, settings);
    if (profile) {
      say(`  worker profile: idle ${Math.round(profile.idleShare * 100)}% of ${fixed(profile.totalMs)} ms; busy time by package:`);
      for (const entry of profile.byPackage.slice(0, 12)) say(`    ${(entry.busyShare * 100).toFixed(1).padStart(5)}%  ${entry.where}`);
      say('  top functions by self time:');
      for (const entry of profile.topFunctions.slice(0, 15)) {
        say(`    ${(entry.busyShare * 100).toFixed(1).padStart(5)}%  ${entry.name}  ${entry.where}`);
      }
    }
    say(`results: ${file}`);
    const failed = reports.some((r) => !r.invariants.ok || r.serverErrors > 0) || !probe.available;
    return failed ? 1 : 0;
  } finally {
    if (server) await server.stop();
    if (profileDir && !options.profile) rmSync(profileDir, { recursive: true, force: true });
    if (options.keepDatabase) {
      await db.pool.end();
      say(`kept database ${db.name}`);
    } else {
      await db.drop();
    }
  }
}

/** `--scenario search` is the catalogue bench, a program of its own. */
function wantsSearch(argv: string[]): boolean {
  const at = argv.indexOf('--scenario');
  return argv.includes('--scenario=search') || (at >= 0 && argv[at + 1] === 'search');
}

if (wantsSearch(process.argv.slice(2))) {
  await import('./search.js');
} else {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(2);
    },
  );
}
