import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import type { Clock } from '../clock.js';
import { DomainError } from './errors.js';

export interface RateBudget {
  /** What is limited, e.g. `login-account`. */
  bucket: string;
  limit: number;
  windowSeconds: number;
}

/** Counts one hit against a budget; throws RATE_LIMITED (with Retry-After) past it. */
export type RateLimiter = (budget: RateBudget, subject: string) => Promise<void>;

/**
 * Fixed-window counters in the database, so every process of a cluster shares one budget.
 * One upsert per hit; old windows are deleted by `pruneRateLimits`.
 */
export function databaseRateLimiter(db: Db, clock: Clock): RateLimiter {
  return async (budget, subject) => {
    const nowMs = clock.now().getTime();
    const windowMs = budget.windowSeconds * 1000;
    const windowStart = new Date(Math.floor(nowMs / windowMs) * windowMs);
    const [counter] = await queryRows<{ hits: number | string }>(
      db,
      sql`
      insert into rate_limit_counter (bucket, subject, window_start, hits)
      values (${budget.bucket}, ${subject}, ${windowStart.toISOString()}, 1)
      on conflict (bucket, subject, window_start) do update set hits = rate_limit_counter.hits + 1
      returning hits`,
    );
    const hits = Number(counter?.hits ?? 0);
    if (hits > budget.limit) {
      const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - nowMs) / 1000));
      throw new DomainError('RATE_LIMITED', `Too many attempts; try again in ${retryAfter} s`, { retryAfter }, retryAfter);
    }
  };
}

export async function pruneRateLimits(db: Db, before: Date): Promise<void> {
  await db.execute(sql`delete from rate_limit_counter where window_start < ${before.toISOString()}`);
}
