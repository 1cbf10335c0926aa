import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type pg from 'pg';

/** Clock ticks per second of /proc's CPU times; 100 on every Linux this runs on. */
const TICKS = 100;

interface ProcessTimes {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

function readProcesses(): ProcessTimes[] {
  const list: ProcessTimes[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name sits in parentheses and may hold spaces; the fields after it are fixed.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      list.push({ pid: Number(entry), ppid: Number(fields[1]), comm, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while the list was read.
    }
  }
  return list;
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

export interface CpuSnapshot {
  at: number;
  machine: { busy: number; total: number };
  processes: Map<number, ProcessTimes>;
}

export function cpuSnapshot(): CpuSnapshot {
  return { at: Date.now(), machine: machineTicks(), processes: new Map(readProcesses().map((p) => [p.pid, p])) };
}

export interface CpuUse {
  /** Share of all cores busy over the interval, 0–1. */
  machineBusy: number;
  /** CPU seconds per core-second of wall time (1 = one core flat out), by who used it. */
  byGroup: Record<string, number>;
}

/**
 * CPU used between two snapshots, by group: the server's processes (its primary and workers), the
 * PostgreSQL backends of the bench database, other PostgreSQL processes, this bench process, and
 * everything else on the machine (other work sharing the cores shows up there).
 */
export function cpuUse(before: CpuSnapshot, after: CpuSnapshot, serverPid: number | null, database: string | null): CpuUse {
  const seconds = (after.at - before.at) / 1000;
  const server = new Set<number>(serverPid ? [serverPid] : []);
  for (const p of after.processes.values()) if (server.has(p.ppid)) server.add(p.pid);
  const byGroup: Record<string, number> = {};
  for (const p of after.processes.values()) {
    const ticks = p.ticks - (before.processes.get(p.pid)?.ticks ?? 0);
    if (ticks <= 0) continue;
    const group = server.has(p.pid)
      ? 'server (node)'
      : p.pid === process.pid
        ? 'load generator (this process)'
        : database && p.comm === 'postgres' && backendDatabase(p.pid) === database
          ? 'postgres (bench database backends)'
          : p.comm === 'postgres' || p.comm.startsWith('postgres')
            ? 'postgres (other processes)'
            : p.comm === 'pgbench'
              ? 'pgbench'
              : 'other';
    byGroup[group] = (byGroup[group] ?? 0) + ticks / TICKS / seconds;
  }
  const total = after.machine.total - before.machine.total;
  const machineBusy = total > 0 ? (after.machine.busy - before.machine.busy) / total : 0;
  // Processes that ended before the second snapshot (other people's short test runs, say) are missing
  // above; what the machine was busy with beyond the listed groups is theirs.
  const listed = Object.values(byGroup).reduce((sum, cores) => sum + cores, 0);
  byGroup['ended processes (unlisted)'] = Math.max(0, machineBusy * cpus().length - listed);
  for (const key of Object.keys(byGroup)) byGroup[key] = Math.round(byGroup[key]! * 100) / 100;
  return { machineBusy: Math.round(machineBusy * 100) / 100, byGroup };
}

/** The database a PostgreSQL backend serves, from its title ("postgres: 15/main: user database host …"). */
function backendDatabase(pid: number): string | null {
  try {
    const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return /^postgres: [^:]+: \S+ (\S+) /.exec(title)?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * Samples what the bench database's connections are doing every `everyMs`: running, waiting for a
 * lock, or idle waiting for the client (in a transaction or not). Idle-in-transaction time is time a
 * transaction spends waiting on Node between statements.
 */
export function sampleActivity(pool: pg.Pool, database: string, everyMs = 100) {
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const { rows } = await pool.query<{ what: string; n: number }>(
          `select state || ' / ' || coalesce(wait_event_type || ':' || wait_event, 'on CPU') as what, count(*)::int as n
           from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'
           group by 1`,
          [database],
        );
        samples += 1;
        for (const row of rows) counts.set(row.what, (counts.get(row.what) ?? 0) + row.n);
      } catch {
        // A sample lost while the database is busy changes nothing.
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop(): Promise<{ samples: number; averageConnections: Record<string, number> }> {
      running = false;
      await loop;
      const averageConnections = Object.fromEntries(
        [...counts.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([what, n]) => [what, Math.round((n / Math.max(1, samples)) * 10) / 10]),
      );
      return { samples, averageConnections };
    },
  };
}

export function machineFacts() {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}
