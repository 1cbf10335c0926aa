import type { Logger } from 'pino';

/**
 * A job that runs every `intervalMs` in each serving process. Jobs claim their work in the database
 * with `for update skip locked`, so any number of processes may run the same job side by side: each
 * row is worked on by one of them, and none waits for another.
 */
export interface Job {
  name: string;
  intervalMs: number;
  run(): Promise<void>;
  /** Releases what the job holds, after its last run. */
  stop?(): Promise<void>;
}

export interface RunningJobs {
  /** Stops scheduling new runs and waits for the runs under way to finish. */
  stop(): Promise<void>;
}

/**
 * Runs each job on its interval, never two runs of one job at once, starting after a random part of
 * the interval so processes started together do not sweep in step. A failed run is logged and the
 * job carries on at its next turn. The timers do not keep the process alive.
 */
export function startJobs(jobs: readonly Job[], logger: Logger): RunningJobs {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  const schedule = (job: Job, delay: number) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const run = job
        .run()
        .catch((error: unknown) => logger.error({ err: error, job: job.name }, 'job run failed'))
        .finally(() => {
          running.delete(run);
          schedule(job, job.intervalMs);
        });
      running.add(run);
    }, delay);
    timer.unref();
    timers.add(timer);
  };

  for (const job of jobs) schedule(job, Math.floor(Math.random() * job.intervalMs));
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(running);
      await Promise.all(jobs.map((job) => job.stop?.()));
    },
  };
}
