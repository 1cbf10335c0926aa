import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RunningServer {
  pid: number;
  origin: string;
  /** What ran: the built JavaScript or the TypeScript through tsx. */
  entry: string;
  stop(): Promise<void>;
}

/** Builds the server; answers false (with the compiler's output) when the tree does not compile. */
export function buildServer(): { ok: boolean; output: string } {
  const result = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/**
 * Starts the server as a child process (cluster mode when WORKERS > 1) and waits until /api/health
 * answers. Its output goes to `logFile`; with `profileDir`, every process writes a V8 CPU profile
 * there when it exits (cluster workers inherit the flag).
 */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () => reject(new Error(`port ${port} is in use: stop what listens there or pass --port`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

export async function startServer(options: {
  env: Record<string, string>;
  mode: 'dist' | 'src';
  logFile: string;
  profileDir?: string | undefined;
}): Promise<RunningServer> {
  await assertPortFree(Number(options.env.PORT));
  const entry = options.mode === 'dist' ? 'server/dist/main.js' : 'server/src/main.ts';
  const args = [
    ...(options.mode === 'src' ? ['--import', 'tsx'] : []),
    ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []),
    entry,
  ];
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile);
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Should the bench itself die, the server must not outlive it holding the port.
  const orphanGuard = () => child.kill('SIGTERM');
  const onSignal = (signal: NodeJS.Signals) => {
    child.kill('SIGTERM');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', orphanGuard);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const origin = `http://127.0.0.1:${options.env.PORT}`;
  const deadline = Date.now() + 90_000;
  let healthy = false;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(`${origin}/api/health`);
      if (response.ok) {
        healthy = true;
        break;
      }
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  if (!healthy) {
    child.kill('SIGKILL');
    throw new Error(`the server did not become healthy (see ${options.logFile})`);
  }
  // Every worker must be listening, not only the first: give the others a moment, then warm them up.
  await sleep(1000);
  return {
    pid: child.pid!,
    origin,
    entry: `node ${args.join(' ')}`,
    async stop() {
      process.off('exit', orphanGuard);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(20_000).then(() => 'timeout' as const)]);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
      log.end();
    },
  };
}
