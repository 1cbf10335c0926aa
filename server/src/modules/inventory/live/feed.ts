import type { Logger } from 'pino';
import type { Database, Unlisten } from '../../../db/client.js';
import { DomainError } from '../../../http/errors.js';
import type { UnitState } from '../service.js';
import type { SessionMode } from './layouts.js';
import { SEAT_CHANNEL, type SeatChangePayload } from './notify.js';

/** Where one subscriber's events go: a Server-Sent Events stream. */
export interface EventSink {
  send(event: string, data: unknown): void;
  /** A comment line, so proxies do not close a stream that has been quiet for a while. */
  heartbeat(): void;
  /** Ends the stream: the app is closing. */
  end(): void;
}

/** A `seats` event: these seats of the session now have this state. */
export interface SeatsEvent {
  seatIds: string[];
  state: UnitState;
}

/** The truth about one session now, as `readState` answers it; its `mode` decides which events follow. */
export interface LiveStateBase {
  mode: SessionMode;
}

export interface SeatFeedOptions<State extends LiveStateBase> {
  database: Pick<Database, 'listen'>;
  logger: Logger;
  maxClients: number;
  heartbeatMs: number;
  /** Reads a session's state: the `snapshot` a client starts from, and the `availability` of pool sessions. */
  readState(sessionId: string): Promise<State>;
}

interface Subscriber {
  sink: EventSink | null;
  /**
   * Changes heard while this subscriber's snapshot is being read and written. They are sent after the
   * snapshot, in the order they committed: each may be older or newer than the snapshot, and replaying
   * them in order ends at the right state either way. Null once the subscriber is live.
   */
  held: SeatsEvent[] | null;
  /** The listener dropped while this subscriber's snapshot was being read: it needs another one. */
  stale: boolean;
}

interface Topic {
  mode: SessionMode | null;
  subscribers: Set<Subscriber>;
  /** A pool session's availability is being re-read; `again` asks for one more read after it. */
  reading: boolean;
  again: boolean;
}

export interface Subscription {
  /** The snapshot of `mode` is written to `sink`: send it what was held back, then everything as it comes. */
  attach(mode: SessionMode, sink: EventSink): void;
  /** The client went away (idempotent). */
  leave(): void;
}

/** Seconds a client told "too many streams" should wait before it tries again. */
const RETRY_AFTER_SECONDS = 5;

/**
 * One listener per process on the seat channel, fanned out to the open streams of each session. Every
 * process of a cluster listens, so a stream on any process hears changes committed through any other.
 * Seated sessions get each change as a `seats` event, straight from the notification; pool sessions
 * (tiers, entry slots) get an `availability` event with fresh counts, read once per burst of changes
 * however many streams are open. When the listening connection drops, changes committed meanwhile are
 * lost, so on reconnecting every open stream gets a fresh snapshot.
 */
export class SeatFeed<State extends LiveStateBase> {
  private readonly topics = new Map<string, Topic>();
  private count = 0;
  private unlisten: Unlisten | null = null;
  private beat: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: SeatFeedOptions<State>) {}

  async start(): Promise<void> {
    const { logger } = this.options;
    this.unlisten = await this.options.database.listen(SEAT_CHANNEL, (payload) => this.hear(payload), {
      onLost: (error) => logger.warn({ err: error }, 'live seat maps lost their database listener; reconnecting'),
      onRestored: () => {
        logger.info({ streams: this.count }, 'live seat maps listening again; sending fresh snapshots');
        for (const [sessionId, topic] of this.topics) this.resync(sessionId, topic);
      },
    });
    this.beat = setInterval(() => this.heartbeat(), this.options.heartbeatMs);
    this.beat.unref();
  }

  /** Open streams (and streams reading their snapshot) in this process. */
  get clients(): number {
    return this.count;
  }

  /**
   * Counts a new stream against the limit and starts holding back changes of its session until its
   * snapshot is written, so nothing committed between the snapshot's read and `attach` is missed.
   */
  join(sessionId: string): Subscription {
    if (this.closed || this.count >= this.options.maxClients) {
      throw new DomainError(
        'UNAVAILABLE',
        'This server has as many live seat maps open as it allows; try again shortly',
        { limit: this.options.maxClients },
        RETRY_AFTER_SECONDS,
      );
    }
    let topic = this.topics.get(sessionId);
    if (!topic) {
      topic = { mode: null, subscribers: new Set(), reading: false, again: false };
      this.topics.set(sessionId, topic);
    }
    const subscriber: Subscriber = { sink: null, held: [], stale: false };
    topic.subscribers.add(subscriber);
    this.count += 1;
    const joined = topic;
    return {
      attach: (mode, sink) => {
        if (!joined.subscribers.has(subscriber)) return;
        joined.mode = mode;
        subscriber.sink = sink;
        if (!subscriber.stale) {
          this.release(sessionId, joined, subscriber);
        } else if (mode === 'seated') {
          this.resend(sessionId, joined, [subscriber]);
        } else {
          subscriber.held = null;
          this.readAvailability(sessionId, joined);
        }
      },
      leave: () => {
        if (!joined.subscribers.delete(subscriber)) return;
        this.count -= 1;
        if (joined.subscribers.size === 0 && this.topics.get(sessionId) === joined) this.topics.delete(sessionId);
      },
    };
  }

  /** Ends every stream and stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.beat) clearInterval(this.beat);
    for (const topic of this.topics.values()) for (const subscriber of topic.subscribers) subscriber.sink?.end();
    this.topics.clear();
    this.count = 0;
    await this.unlisten?.();
    this.unlisten = null;
  }

  private hear(payload: string): void {
    let change: SeatChangePayload;
    try {
      change = JSON.parse(payload) as SeatChangePayload;
    } catch {
      this.options.logger.warn({ payload: payload.slice(0, 200) }, 'ignored a malformed seat notification');
      return;
    }
    const topic = this.topics.get(change.s);
    if (!topic) return;
    const event: SeatsEvent = { seatIds: change.u, state: change.t };
    const seated = topic.mode === null || topic.mode === 'seated';
    let live = false;
    for (const subscriber of topic.subscribers) {
      if (subscriber.held) subscriber.held.push(event);
      else if (seated) subscriber.sink?.send('seats', event);
      else live = true;
    }
    if (live) this.readAvailability(change.s, topic);
  }

  /** Sends what was held back for a subscriber whose snapshot is now written, and makes it live. */
  private release(sessionId: string, topic: Topic, subscriber: Subscriber): void {
    const held = subscriber.held ?? [];
    subscriber.held = null;
    if (topic.mode === 'seated') {
      for (const event of held) subscriber.sink?.send('seats', event);
    } else if (held.length > 0) {
      this.readAvailability(sessionId, topic);
    }
  }

  /** Fresh counts of a pool session to its live streams; one read at a time, repeated while changes come. */
  private readAvailability(sessionId: string, topic: Topic): void {
    if (topic.reading) {
      topic.again = true;
      return;
    }
    topic.reading = true;
    void (async () => {
      try {
        do {
          topic.again = false;
          const state = await this.options.readState(sessionId);
          for (const subscriber of topic.subscribers) if (!subscriber.held) subscriber.sink?.send('availability', state);
        } while (topic.again && !this.closed);
      } catch (error) {
        this.options.logger.warn({ err: error, sessionId }, 'could not read availability for live streams');
      } finally {
        topic.reading = false;
      }
    })();
  }

  /** After a listener outage: every stream of the session starts again from fresh state. */
  private resync(sessionId: string, topic: Topic): void {
    for (const subscriber of topic.subscribers) if (subscriber.held) subscriber.stale = true;
    if (topic.mode === null) return;
    if (topic.mode !== 'seated') {
      this.readAvailability(sessionId, topic);
      return;
    }
    this.resend(sessionId, topic, [...topic.subscribers].filter((subscriber) => !subscriber.held));
  }

  /**
   * A fresh snapshot to live streams of a seated session, holding back changes while it is read. What
   * they held before is dropped: it committed before this read began, so the snapshot includes it.
   */
  private resend(sessionId: string, topic: Topic, subscribers: Subscriber[]): void {
    for (const subscriber of subscribers) {
      subscriber.held = [];
      subscriber.stale = false;
    }
    void this.options.readState(sessionId).then(
      (state) => {
        for (const subscriber of subscribers) {
          if (!topic.subscribers.has(subscriber)) continue;
          subscriber.sink?.send('snapshot', state);
          this.release(sessionId, topic, subscriber);
        }
      },
      (error: unknown) => {
        this.options.logger.warn({ err: error, sessionId }, 'could not resend a snapshot; ending its streams');
        // A stream that may have missed changes must not stay open: its client reconnects and starts over.
        for (const subscriber of subscribers) subscriber.sink?.end();
      },
    );
  }

  private heartbeat(): void {
    for (const topic of this.topics.values()) {
      for (const subscriber of topic.subscribers) if (!subscriber.held) subscriber.sink?.heartbeat();
    }
  }
}
