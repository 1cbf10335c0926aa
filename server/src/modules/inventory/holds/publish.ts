import type { Logger } from 'pino';
import type { Clock } from '../../../clock.js';
import type { Db } from '../../../db/client.js';
import { notifySeatChanges } from '../live/notify.js';
import type { UnitState } from '../service.js';
import * as repo from './repo.js';

/**
 * Tells live seat maps about units that changed, shortly after the change committed.
 *
 * Why not NOTIFY inside the hold's own transaction: PostgreSQL serialises the commits of every
 * transaction that sent a NOTIFY, cluster-wide, each holding a global lock through its own WAL flush
 * (so the queue stays in commit order). On the reference machine a bare insert commits ~4,000 times a
 * second from 16 clients, with one pg_notify ~200 times: a sale could never hold faster than that.
 * So holds, cancels and expiries commit without it and hand their unit ids here; every `intervalMs`
 * one short transaction per process publishes them all through `notifySeatChanges`.
 *
 * Each flush publishes the units' states as they are then (a lapsed hold reads free, as on the seat
 * map), under a per-session advisory lock held until it commits, so flushes of one session from any
 * process are delivered in the order they read: the last one a listener hears tells the truth, and
 * changes that cancel out within one interval (held, then released) end at the right state. A process
 * that dies between a commit and its next flush loses those notices; the seat map itself stays right.
 */
export interface SeatChangePublisher {
  /** These units of the session changed state in a transaction that has committed. */
  changed(sessionId: string, unitIds: readonly string[]): void;
  /** Publishes everything handed in so far (what the timer does). */
  flush(): Promise<void>;
  /** Publishes what is pending and stops. */
  close(): Promise<void>;
}

/** How long a change may wait before it is published: seat maps feel live, and a busy sale flushes 20 times a second. */
export const PUBLISH_INTERVAL_MS = 50;

export function seatChangePublisher(
  db: Db,
  clock: Clock,
  logger: Logger,
  intervalMs = PUBLISH_INTERVAL_MS,
): SeatChangePublisher {
  let pending = new Map<string, Set<string>>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let closed = false;

  async function publish(batch: Map<string, Set<string>>): Promise<void> {
    const sessionIds = [...batch.keys()];
    const unitIds = [...batch.values()].flatMap((ids) => [...ids]);
    await db.transaction(async (tx) => {
      // The states are read after the locks are held, by a statement of their own, so they are at least
      // as new as what any earlier flush of these sessions read.
      await repo.lockFeeds(tx, sessionIds);
      const states = await repo.readUnitStates(tx, unitIds, clock.now());
      const groups = new Map<string, { sessionId: string; state: UnitState; unitIds: string[] }>();
      for (const row of states) {
        const key = `${row.session_id}\u0000${row.state}`;
        const group = groups.get(key);
        if (group) group.unitIds.push(row.id);
        else groups.set(key, { sessionId: row.session_id, state: row.state, unitIds: [row.id] });
      }
      for (const group of groups.values()) await notifySeatChanges(tx, group);
    });
  }

  function flushNow(): Promise<void> {
    timer = null;
    const batch = pending;
    pending = new Map();
    running = running.then(async () => {
      if (batch.size === 0) return;
      try {
        await publish(batch);
      } catch (error) {
        logger.warn({ err: error, sessions: batch.size }, 'seat changes not published; seat maps catch up on reload');
      }
    });
    return running;
  }

  return {
    changed(sessionId, unitIds) {
      if (unitIds.length === 0) return;
      const ids = pending.get(sessionId) ?? new Set<string>();
      for (const id of unitIds) ids.add(id);
      pending.set(sessionId, ids);
      if (timer === null && !closed) {
        timer = setTimeout(() => void flushNow(), intervalMs);
        timer.unref();
      }
    },
    flush() {
      if (timer) clearTimeout(timer);
      return flushNow();
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await flushNow();
    },
  };
}

/** Hands every session's changed units of a release to the publisher. */
export function publishReleased(publisher: SeatChangePublisher, released: ReadonlyMap<string, readonly string[]>): void {
  for (const [sessionId, unitIds] of released) publisher.changed(sessionId, unitIds);
}
