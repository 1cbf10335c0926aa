import type { App, ModuleDeps } from '../../app.js';
import { getSeatMap } from './service.js';
import { SeatMapAnswer, SessionIdParams } from './schemas.js';

/** Public inventory reads: the seat map with live states. */
export function inventoryRoutes(deps: ModuleDeps) {
  return async function routes(app: App): Promise<void> {
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
      async (request) => getSeatMap(deps.database.db, request.params.id, deps.clock.now()),
    );
  };
}
