import type { Clock } from '../../../clock.js';
import type { Db } from '../../../db/client.js';
import { notFound } from '../../../http/errors.js';
import { availabilityOfSessions, getSeatMap, type SeatView } from '../service.js';
import type { EventSink, SeatFeed, Subscription } from './feed.js';
import type { SeatLayoutCache, SessionMode } from './layouts.js';

/** A pool's places and free places. */
export interface TierAvailability {
  tierId: string;
  total: number;
  available: number;
}

/**
 * The truth about a session now: a seated session's seat map, or a pool session's counts per tier.
 * It is the `snapshot` event a stream starts with; pool sessions also get it as each `availability` event.
 */
export type LiveState =
  | { sessionId: string; mode: 'seated'; rows: number; cols: number; seats: SeatView[] }
  | {
      sessionId: string;
      mode: Exclude<SessionMode, 'seated'>;
      total: number;
      available: number;
      tiers: TierAvailability[];
    };

export interface LiveContext {
  db: Db;
  clock: Clock;
  layouts: SeatLayoutCache;
  feed: SeatFeed<LiveState>;
}

/** Reads a session's live state; an expired hold counts as free. NOT_FOUND for an unknown session. */
export async function readLiveState(ctx: Omit<LiveContext, 'feed'>, sessionId: string): Promise<LiveState> {
  const layout = await ctx.layouts.find(ctx.db, sessionId);
  if (!layout) throw notFound('Session');
  const now = ctx.clock.now();
  if (layout.mode === 'seated') {
    return { sessionId, mode: 'seated', ...(await getSeatMap(ctx.db, ctx.layouts, sessionId, now)) };
  }
  const availability = (await availabilityOfSessions(ctx.db, [sessionId], now)).get(sessionId)!;
  const tiers = [...availability.byTier]
    .map(([tierId, counts]) => ({ tierId, ...counts }))
    .sort((a, b) => a.tierId.localeCompare(b.tierId));
  return { sessionId, mode: layout.mode, total: availability.total, available: availability.available, tiers };
}

/**
 * Opens a session's live stream: counts it against the process's limit (UNAVAILABLE past it), reads the
 * snapshot (NOT_FOUND for an unknown session; both answered before any stream opens), then opens the
 * stream with `open`, writes the snapshot and sends every change after it. Changes are held back from
 * before the snapshot is read, so none falls between the two. A reconnecting client (a `Last-Event-ID`
 * header) is served the same way: the snapshot replaces whatever it missed.
 */
export async function streamSessionEvents(
  ctx: LiveContext,
  sessionId: string,
  open: (onClose: () => void) => EventSink,
): Promise<void> {
  const subscription: Subscription = ctx.feed.join(sessionId);
  const state = await readLiveState(ctx, sessionId).catch((error: unknown) => {
    // No stream opens, so nothing else would ever end this subscription.
    subscription.leave();
    throw error;
  });
  const sink = open(() => subscription.leave());
  sink.send('snapshot', state);
  subscription.attach(state.mode, sink);
}
