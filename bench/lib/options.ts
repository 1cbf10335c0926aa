import { parseArgs } from 'node:util';

export const SCENARIOS = ['seated', 'hot', 'tiered'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Everything a bench run can be told; the JSON report repeats it under `settings`. */
export interface BenchOptions {
  scenarios: Scenario[];
  /** Seconds of load per scenario; the scenario also stops at `attempts`. */
  duration: number;
  /** Hold attempts per scenario. */
  attempts: number;
  connections: number;
  workers: number;
  poolSize: number;
  /** Hold attempts between two resets of the session's inventory (0: never reset). */
  roundAttempts: number | null;
  customers: number;
  /** `dist` builds the server and runs the JavaScript; `src` runs the TypeScript through tsx. */
  server: 'dist' | 'src';
  port: number;
  databaseUrl: string;
  /** Clients of the pgbench ceiling run; 0 skips it. Default: every connection the server's pools may open. */
  pgbenchClients: number | null;
  pgbenchSeconds: number;
  /** Writes a CPU profile of every server process and summarises the workers' top functions. */
  profile: boolean;
  keepDatabase: boolean;
  /** Leaves the tables without statistics after set-up, as a freshly loaded database is. */
  noAnalyze: boolean;
}

const HELP = `npm run bench -- [options]

  --scenario <list>      seated, hot, tiered, or all (comma-separated; default all)
  --duration <s>         seconds of load per scenario, at most (default 60)
  --attempts <n>         hold attempts per scenario, at most (default 20000)
  --connections <n>      concurrent HTTP connections (default 200)
  --workers <n>          server processes, WORKERS (default 2)
  --pool <n>             DATABASE_POOL_SIZE of each worker (default 16)
  --round <n>            hold attempts between two resets of the sale (default: per scenario; 0 = never)
  --customers <n>        registered customers placing orders (default 2000)
  --server dist|src      run the built server (npm run build first) or the TypeScript via tsx (default dist)
  --port <n>             port for the server under test (default 3900)
  --pgbench-clients <n>  clients of the pgbench ceiling (default workers × pool; 0 skips it)
  --pgbench-seconds <n>  length of the pgbench run (default 10)
  --profile              CPU-profile the server processes (node --cpu-prof) and summarise them
  --keep-db              keep the bench database after the run (its name is printed)
  --no-analyze           skip ANALYZE after set-up (plans then run on a never-analysed inventory table)
  DATABASE_URL           the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
                         the bench creates its own database there and drops it afterwards
`;

function whole(name: string, raw: string | undefined, fallback: number, min = 0): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return Number(raw);
}

export function parseOptions(argv: string[], env: Record<string, string | undefined>): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string' },
      duration: { type: 'string' },
      attempts: { type: 'string' },
      connections: { type: 'string' },
      workers: { type: 'string' },
      pool: { type: 'string' },
      round: { type: 'string' },
      customers: { type: 'string' },
      server: { type: 'string' },
      port: { type: 'string' },
      'pgbench-clients': { type: 'string' },
      'pgbench-seconds': { type: 'string' },
      profile: { type: 'boolean' },
      'keep-db': { type: 'boolean' },
      'no-analyze': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const names = (values.scenario ?? 'all').split(',').map((name) => name.trim());
  const scenarios = names.includes('all') ? [...SCENARIOS] : names;
  for (const name of scenarios) {
    if (!(SCENARIOS as readonly string[]).includes(name)) {
      throw new Error(`unknown scenario "${name}" (seated, hot, tiered, all; search is bench/search.ts)`);
    }
  }
  const server = values.server ?? 'dist';
  if (server !== 'dist' && server !== 'src') throw new Error(`--server must be dist or src, got "${server}"`);
  return {
    scenarios: scenarios as Scenario[],
    duration: whole('duration', values.duration, 60, 1),
    attempts: whole('attempts', values.attempts, 20_000, 1),
    connections: whole('connections', values.connections, 200, 1),
    workers: whole('workers', values.workers, 2, 1),
    poolSize: whole('pool', values.pool, 16, 1),
    roundAttempts: values.round === undefined ? null : whole('round', values.round, 0),
    customers: whole('customers', values.customers, 2000, 1),
    server,
    port: whole('port', values.port, 3900, 1),
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    pgbenchClients: values['pgbench-clients'] === undefined ? null : whole('pgbench-clients', values['pgbench-clients'], 0),
    pgbenchSeconds: whole('pgbench-seconds', values['pgbench-seconds'], 10, 1),
    profile: values.profile ?? false,
    keepDatabase: values['keep-db'] ?? false,
    noAnalyze: values['no-analyze'] ?? false,
  };
}

export const helpText = HELP;
