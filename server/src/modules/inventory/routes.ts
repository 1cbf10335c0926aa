import { Gauge } from 'prom-client';
import type { App, ModuleDeps } from '../../app.js';
import { getSeatMap } from './service.js';
import { SeatMapAnswer, SessionEventsAnswer, SessionIdParams } from './schemas.js';
import { SeatFeed } from './live/feed.js';
import { SeatLayoutCache } from './live/layouts.js';
import { readLiveState, streamSessionEvents, type LiveContext, type LiveState } from './live/service.js';
import { openEventStream } from './live/sse.js';

/**
 * Public inventory reads: the seat map with live states, and its live stream. The app listens for
 * seat changes from the start, and stops (ending every stream) when it closes.
 */
export function inventoryRoutes(deps: ModuleDeps) {
  return async function routes(app: App): Promise<void> {
    const layouts = new SeatLayoutCache();
    const reader = { db: deps.database.db, clock: deps.clock, layouts };
    const feed = new SeatFeed<LiveState>({
      database: deps.database,
      logger: deps.logger,
      maxClients: deps.config.sseMaxClients,
      heartbeatMs: deps.config.sseHeartbeatSeconds * 1000,
      readState: (sessionId) => readLiveState(reader, sessionId),
    });
    const live: LiveContext = { ...reader, feed };
    await feed.start();
    // Before the server waits for open connections to finish: streams never finish on their own.
    app.addHook('preClose', async () => feed.close());
    new Gauge({
      name: 'sse_clients',
      help: 'Live seat-map streams open in this process',
      registers: [deps.metrics],
      collect() {
        this.set(feed.clients);
      },
    });

    app.get(
      '/api/sessions/:id/seats',
      {
        schema: {
          tags: ['sessions'],
          summary: 'The seat map of a seated session, with each seat’s state',
          params: SessionIdParams,
          response: { 200: SeatMapAnswer },
        },
      },
      async (request) => getSeatMap(deps.database.db, layouts, request.params.id, deps.clock.now()),
    );

    app.get(
      '/api/sessions/:id/events',
      {
        schema: {
          tags: ['sessions'],
          summary: 'Live seat states of a session, as Server-Sent Events',
          description: SessionEventsAnswer.description,
          params: SessionIdParams,
          response: { 200: SessionEventsAnswer },
        },
      },
      async (request, reply) =>
        streamSessionEvents(live, request.params.id, (onClose) => openEventStream(request, reply, onClose)),
    );
  };
}
