import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  files: string[];
  totalMs: number;
  /** Share of sampled time the workers were idle (waiting on sockets and the database). */
  idleShare: number;
  /** Top functions by self time, with their share of the busy (non-idle) time. */
  topFunctions: { name: string; where: string; selfMs: number; busyShare: number }[];
  /** Busy time by where the code lives: a package, Node's internals, the server's own modules, GC. */
  byPackage: { where: string; selfMs: number; busyShare: number }[];
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const own = /server\/(?:src|dist)\/(modules\/[^/]+|http|db|[^/]+)/.exec(url);
  if (own) return `server ${own[1]}`;
  return url;
}

/**
 * Sums the self time of every function across the workers' V8 CPU profiles (`node --cpu-prof`), leaving
 * out the files of the processes in `skipPids` (the cluster primary only forks and waits).
 */
export function summariseProfiles(dir: string, skipPids: number[], top = 25): ProfileSummary {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .filter((name) => !skipPids.some((pid) => name.includes(`.${pid}.`)));
  const byFunction = new Map<string, { name: string; where: string; selfMs: number }>();
  const byPackage = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, i) => {
      const node = nodes.get(id);
      if (!node) return;
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      totalMs += ms;
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === '(idle)') {
        idleMs += ms;
        return;
      }
      const name = functionName || '(anonymous)';
      const where = url ? `${url.replace(/^file:\/\/.*?\/(node_modules|server)\//, '$1/')}:${lineNumber + 1}` : '';
      const key = `${name} ${where}`;
      const entry = byFunction.get(key) ?? { name, where, selfMs: 0 };
      entry.selfMs += ms;
      byFunction.set(key, entry);
      const pkg = packageOf(url, name);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    });
  }
  const busyMs = Math.max(1, totalMs - idleMs);
  const round = (ms: number) => Math.round(ms);
  const share = (ms: number) => Math.round((ms / busyMs) * 1000) / 1000;
  return {
    files,
    totalMs: round(totalMs),
    idleShare: totalMs > 0 ? Math.round((idleMs / totalMs) * 1000) / 1000 : 0,
    topFunctions: [...byFunction.values()]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
      .map((entry) => ({ ...entry, selfMs: round(entry.selfMs), busyShare: share(entry.selfMs) })),
    byPackage: [...byPackage.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, ms]) => ({ where, selfMs: round(ms), busyShare: share(ms) })),
  };
}
