import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EventSink } from './feed.js';

/**
 * A client that reads this much slower than we write is dropped rather than buffered without end; it
 * reconnects and starts again from a snapshot.
 */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** How long a browser waits before reconnecting a dropped stream, in milliseconds. */
const RECONNECT_MS = 3000;

/**
 * Turns a request into a Server-Sent Events stream: takes the response over from Fastify, writes the
 * headers (proxies must neither cache nor buffer it), and calls `onClose` once when the client goes
 * away or the stream is ended, whichever comes first.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, onClose: () => void): EventSink {
  reply.hijack();
  const raw = reply.raw;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    onClose();
  };
  raw.on('close', close);
  // A write racing a disconnect reports here; the 'close' that follows cleans up.
  raw.on('error', () => {});
  const headers: Record<string, string | string[] | number> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
  raw.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  request.raw.socket?.setNoDelay(true);
  raw.write(`retry: ${RECONNECT_MS}\n\n`);
  if (request.raw.destroyed || raw.destroyed) queueMicrotask(close);

  const write = (text: string) => {
    if (closed || raw.writableEnded || raw.destroyed) return;
    raw.write(text);
    if (raw.writableLength > MAX_BUFFERED_BYTES) raw.destroy();
  };
  return {
    // JSON.stringify escapes newlines, so the data is always one line.
    send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    heartbeat: () => write(': heartbeat\n\n'),
    end: () => {
      if (!raw.writableEnded) raw.end();
      close();
    },
  };
}
