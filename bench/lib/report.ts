import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function latencySummary(samples: Float64Array): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : 0);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    meanMs: round(sorted.length ? sum / sorted.length : 0),
    p50Ms: round(at(0.5)),
    p95Ms: round(at(0.95)),
    p99Ms: round(at(0.99)),
    maxMs: round(sorted.length ? sorted[sorted.length - 1]! : 0),
  };
}

export interface Target {
  name: string;
  met: boolean | null;
  value: string;
}

/** `2026-11-20T08-00-00Z`: sortable and safe in a file name. */
export const stamp = (date = new Date()) => date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');

/** Writes the run's JSON under bench/results as `<name>-<stamp>.json` and `latest`; answers the path. */
export function writeResults(dir: string, name: string, when: Date, report: unknown, latest = 'latest.json'): string {
  mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const file = join(dir, `${name}-${stamp(when)}.json`);
  writeFileSync(file, text);
  writeFileSync(join(dir, latest), text);
  return file;
}

export const fixed = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
