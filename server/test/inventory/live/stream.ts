import { sql } from 'drizzle-orm';
import type { App } from '../../../src/app.js';
import type { Db } from '../../../src/db/client.js';
import { notifySeatChanges } from '../../../src/modules/inventory/index.js';

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** A Server-Sent Events client over fetch: what a browser's EventSource does, minus reconnecting. */
export interface EventStream {
  status: number;
  headers: Headers;
  /** Comment lines seen so far (heartbeats). */
  comments: string[];
  /** The next event (of this name, when given), waiting up to `timeoutMs`. */
  next(event?: string, timeoutMs?: number): Promise<SseEvent>;
  /** Events received and not yet taken by `next`. */
  pending(): SseEvent[];
  /** True once the server ended the stream. */
  ended(): boolean;
  waitForEnd(timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function openEventStream(
  baseUrl: string,
  sessionId: string,
  headers: Record<string, string> = {},
): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/sessions/${sessionId}/events`, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const queue: SseEvent[] = [];
  const comments: string[] = [];
  let done = false;
  let wake: () => void = () => {};
  const changed = () => wake();

  if (response.headers.get('content-type')?.startsWith('text/event-stream') && response.body) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done: finished } = await reader.read();
          if (finished) break;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) comments.push(line.slice(1).trim());
              else if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).trim());
            }
            if (data.length > 0) queue.push({ event, data: JSON.parse(data.join('\n')) });
            changed();
          }
        }
      } catch {
        // aborted by close()
      } finally {
        done = true;
        changed();
      }
    })();
  } else {
    done = true;
  }

  const until = async (ready: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; pending: ${JSON.stringify(queue).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };

  return {
    status: response.status,
    headers: response.headers,
    comments,
    async next(event, timeoutMs = 10_000) {
      const index = () => queue.findIndex((item) => event === undefined || item.event === event);
      await until(() => index() >= 0 || done, timeoutMs, `event ${event ?? 'any'}`);
      const at = index();
      if (at < 0) throw new Error(`stream ended before event ${event ?? 'any'}`);
      return queue.splice(at, 1)[0]!;
    },
    pending: () => [...queue],
    ended: () => done,
    waitForEnd: (timeoutMs = 10_000) => until(() => done, timeoutMs, 'the end of the stream'),
    close: () => abort.abort(),
  };
}

/**
 * Closes the sockets fetch's connection pool opens again after an aborted stream: they never send a
 * request, so the server would wait for its header timeout (about a minute) before it could close.
 */
export function dropSpareSockets(app: App | undefined): void {
  if (app?.server.listening) app.server.closeAllConnections();
}

/** Live streams the app counts, from its Prometheus gauge. */
export async function sseClients(app: App): Promise<number> {
  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const match = /^sse_clients (\d+)$/m.exec(metrics);
  if (!match) throw new Error('no sse_clients gauge in /metrics');
  return Number(match[1]);
}

/** Polls until the app counts `expected` streams: a disconnect reaches the server a moment after the client. */
export async function waitForClients(app: App, expected: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = await sseClients(app);
  while (seen !== expected) {
    if (Date.now() > deadline) throw new Error(`expected ${expected} streams, the app counts ${seen}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    seen = await sseClients(app);
  }
}

/**
 * Changes seats as the orders module will: in one transaction, the state update and its notification.
 * `rollback` aborts the transaction after both ran.
 */
export async function changeSeats(
  db: Db,
  sessionId: string,
  unitIds: string[],
  state: 'held' | 'sold' | 'free',
  options: { rollback?: boolean; heldUntil?: Date } = {},
): Promise<void> {
  const orderId = state === 'free' ? null : '00000000-0000-4000-8000-000000000001';
  const heldUntil = state === 'held' ? (options.heldUntil ?? new Date('2027-01-01T00:00:00Z')).toISOString() : null;
  const rolledBack = new Error('rolled back on purpose');
  await db
    .transaction(async (tx) => {
      await tx.execute(sql`
        update inventory_unit set state = ${state}, order_id = ${orderId}, held_until = ${heldUntil}
        where id = any(${sql.param(unitIds)}::uuid[])`);
      await notifySeatChanges(tx, { sessionId, unitIds, state });
      if (options.rollback) throw rolledBack;
    })
    .catch((error: unknown) => {
      if (error !== rolledBack) throw error;
    });
}
