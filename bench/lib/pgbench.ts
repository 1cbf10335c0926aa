import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface PgbenchResult {
  name: string;
  script: string;
  variables: Record<string, string | number>;
  clients: number;
  threads: number;
  seconds: number;
  protocol: string;
  transactions: number;
  tps: number;
  latencyAverageMs: number | null;
  failed: number;
  /** Set when pgbench did not finish cleanly: the end of its output. */
  error: string | null;
  /** pgbench's output, for the record when something looks off. */
  output: string;
}

const PGBENCH = ['/usr/bin/pgbench', '/usr/lib/postgresql/15/bin/pgbench'].find((path) => existsSync(path)) ?? 'pgbench';

/**
 * Runs a pgbench custom script against the bench database: `-M extended` (parameters sent apart from
 * the text, as node-postgres does), no vacuum, `clients` connections on two threads.
 */
export function runPgbench(options: {
  name: string;
  url: string;
  script: string;
  clients: number;
  seconds: number;
  variables: Record<string, string | number>;
}): PgbenchResult {
  const threads = Math.min(2, options.clients);
  const args = [
    '-n',
    '-M',
    'extended',
    '-c',
    String(options.clients),
    '-j',
    String(threads),
    '-T',
    String(options.seconds),
    ...Object.entries(options.variables).flatMap(([name, value]) => ['-D', `${name}=${value}`]),
    '-f',
    options.script,
    options.url,
  ];
  const result = spawnSync(PGBENCH, args, { encoding: 'utf8' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const number = (pattern: RegExp) => {
    const match = pattern.exec(output);
    return match ? Number(match[1]) : null;
  };
  return {
    name: options.name,
    script: options.script.replace(/^.*\/bench\//, 'bench/'),
    variables: options.variables,
    clients: options.clients,
    threads,
    seconds: options.seconds,
    protocol: 'extended',
    transactions: number(/number of transactions actually processed: (\d+)/) ?? 0,
    tps: number(/tps = ([\d.]+) \(without initial connection time\)/) ?? 0,
    latencyAverageMs: number(/latency average = ([\d.]+) ms/),
    failed: number(/number of failed transactions: (\d+)/) ?? 0,
    error: result.status === 0 ? null : `exit ${result.status}: ${output.split('\n').slice(-6).join('\n')}`,
    output,
  };
}
