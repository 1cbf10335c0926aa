import type { Db } from '../../../db/client.js';
import * as repo from '../repo.js';

export type SessionMode = 'seated' | 'tiered' | 'timed-entry';

/** A seat's fixed fields: everything of the seat map but its state. */
export interface SeatPlace {
  id: string;
  row: number;
  col: number;
  label: string | null;
  type: string | null;
  category: string | null;
  section: string | null;
}

/** A session's mode and, when seated, its grid and seats in row, then column order. */
export interface SeatLayout {
  mode: SessionMode;
  rows: number | null;
  cols: number | null;
  seats: readonly SeatPlace[];
}

/** Seats kept in memory across all layouts: a few dozen large halls, some tens of MB at most. */
const DEFAULT_MAX_SEATS = 100_000;

/**
 * The layouts of recently read sessions, least recently used first out. A session's seats are copied
 * from its hall when it is created and never change after (sessions are never deleted), so a kept
 * layout is never stale and needs no invalidation; only the states are read on every request. That
 * turns the seat map of a 1,500-seat hall from building 1,500 JSON objects in the database per read into
 * one index scan of the seats that are not free. Concurrent first reads of a session share one query.
 */
export class SeatLayoutCache {
  private readonly entries = new Map<string, Promise<SeatLayout | null>>();
  private readonly weights = new Map<string, number>();
  private seats = 0;

  constructor(private readonly maxSeats = DEFAULT_MAX_SEATS) {}

  /** The session's layout, or null when there is no such session. */
  async find(db: Db, sessionId: string): Promise<SeatLayout | null> {
    const kept = this.entries.get(sessionId);
    if (kept) {
      this.entries.delete(sessionId);
      this.entries.set(sessionId, kept);
      return kept;
    }
    const loading = this.load(db, sessionId);
    this.entries.set(sessionId, loading);
    return loading;
  }

  private async load(db: Db, sessionId: string): Promise<SeatLayout | null> {
    let layout: SeatLayout | null;
    try {
      const row = await repo.findSeatLayout(db, sessionId);
      layout = row && {
        mode: row.mode as SessionMode,
        rows: row.seat_rows,
        cols: row.seat_cols,
        seats: (typeof row.seats === 'string' ? JSON.parse(row.seats) : row.seats) as SeatPlace[],
      };
    } catch (error) {
      this.entries.delete(sessionId);
      throw error;
    }
    if (!layout) {
      // Not kept: a session with this id may be created later.
      this.entries.delete(sessionId);
      return null;
    }
    this.remember(sessionId, Math.max(1, layout.seats.length));
    return layout;
  }

  private remember(sessionId: string, weight: number): void {
    this.weights.set(sessionId, weight);
    this.seats += weight;
    for (const oldest of this.entries.keys()) {
      if (this.seats <= this.maxSeats || oldest === sessionId) break;
      const dropped = this.weights.get(oldest);
      // Still loading: its weight is not known yet, and it is the newest anyway.
      if (dropped === undefined) continue;
      this.entries.delete(oldest);
      this.weights.delete(oldest);
      this.seats -= dropped;
    }
  }

  /** Layouts kept, for tests and metrics. */
  get size(): number {
    return this.weights.size;
  }
}
