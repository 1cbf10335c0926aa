import type { Clock } from '../../../clock.js';
import type { Db } from '../../../db/client.js';
import {
  publishReleased,
  releaseOrderUnits,
  type ReleasedUnits,
  type SeatChangePublisher,
} from '../../inventory/index.js';
import * as repo from '../repo.js';

/**
 * pending → expired for given orders whose hold has passed, in the caller's transaction: the status
 * (compare-and-set), the items, and the units they still hold. With `skipLocked`, units another
 * transaction has locked are left to it (used by a hold, which must never wait on units outside its
 * id order). Answers the units freed, for the seat maps once the transaction commits.
 */
export async function expireOrders(
  db: Db,
  orderIds: readonly string[],
  now: Date,
  options: { skipLocked?: boolean } = {},
): Promise<ReleasedUnits> {
  const expired = await repo.markExpired(db, orderIds, now);
  return releaseOrderUnits(db, expired, now, options);
}

/** Orders one sweep transaction expires at most. */
export const SWEEP_BATCH = 500;

export interface SweepOptions {
  /** Where freed units are reported after each batch commits. */
  publisher: SeatChangePublisher;
  batchSize?: number;
  /** Hears the running count after each batch. */
  onBatch?: (expired: number) => void;
}

/**
 * One batch of the expiry sweeper in its own transaction: claims up to `batchSize` pending orders past
 * their hold that no other process is sweeping (`for update skip locked`), marks them expired and
 * frees the units they still hold. Safe to run in every process at once; answers how many it expired.
 */
async function expireDueBatch(db: Db, clock: Clock, publisher: SeatChangePublisher, batchSize: number): Promise<number> {
  const { expired, released } = await db.transaction(async (tx) => {
    const now = clock.now();
    const ids = await repo.expireDueBatch(tx, now, batchSize);
    return { expired: ids.length, released: await releaseOrderUnits(tx, ids, now) };
  });
  publishReleased(publisher, released);
  return expired;
}

/**
 * The sweep: batch after batch until one is not full, so every order due when it started is expired,
 * by this process or by another sweeping beside it. Answers how many this one expired. Correctness never
 * waits for it: a lapsed hold counts as free and reads as expired from the moment it passes.
 */
export async function expireDueOrders(db: Db, clock: Clock, options: SweepOptions): Promise<number> {
  const batchSize = options.batchSize ?? SWEEP_BATCH;
  let total = 0;
  for (;;) {
    const expired = await expireDueBatch(db, clock, options.publisher, batchSize);
    total += expired;
    options.onBatch?.(total);
    if (expired < batchSize) return total;
  }
}

/** How many pending orders are past their hold now: the work a sweep has ahead. */
export async function countDueOrders(db: Db, clock: Clock): Promise<number> {
  return repo.countDue(db, clock.now());
}
