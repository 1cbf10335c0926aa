import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import type { UnitState } from '../service.js';

/** The one PostgreSQL channel every change of unit state is published on. */
export const SEAT_CHANNEL = 'seat_changes';

/**
 * Unit ids per notification. PostgreSQL refuses payloads of 8000 bytes or more; a uuid costs 39 bytes
 * in the JSON array, so 150 of them (about 5.9 kB) leave room for the rest of the payload.
 */
const UNITS_PER_NOTIFICATION = 150;

/** What travels on the channel: short keys, because a large cancel sends many of these. */
export interface SeatChangePayload {
  /** session id */
  s: string;
  /** state every listed unit now has */
  t: UnitState;
  /** unit ids (for seats, the seat ids of the seat map) */
  u: string[];
}

export interface SeatChange {
  sessionId: string;
  unitIds: readonly string[];
  state: UnitState;
}

/**
 * Publishes that `unitIds` of a session now have `state`. Call it inside the transaction that changed
 * them: NOTIFY is transactional, so listeners hear of the change only once it commits, and never of one
 * that rolled back. A large change (a cancelled session's 1,500 seats) goes out as several notifications
 * of at most UNITS_PER_NOTIFICATION ids each, all in one statement; listeners see every id, each in
 * exactly one of them.
 */
export async function notifySeatChanges(db: Db, change: SeatChange): Promise<void> {
  if (change.unitIds.length === 0) return;
  const payloads: string[] = [];
  for (let start = 0; start < change.unitIds.length; start += UNITS_PER_NOTIFICATION) {
    const payload: SeatChangePayload = {
      s: change.sessionId,
      t: change.state,
      u: change.unitIds.slice(start, start + UNITS_PER_NOTIFICATION),
    };
    payloads.push(JSON.stringify(payload));
  }
  await db.execute(sql`select pg_notify(${SEAT_CHANNEL}, p) from unnest(${sql.param(payloads)}::text[]) as p`);
}
