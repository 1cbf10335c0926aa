import type { App, ModuleDeps } from '../../app.js';
import { pageSchema } from '../../http/pagination.js';
import * as service from './service.js';
import {
  IdParams,
  ProductionDetail,
  ProductionListItem,
  ProductionListQuery,
  SessionListItem,
  SessionListQuery,
  VenueListItem,
  VenueListQuery,
} from './schemas.js';

/** Public browsing: what is on, where and when. No sign-in needed. */
export function browseRoutes(deps: ModuleDeps) {
  const { db } = deps.database;
  return async function registerBrowseRoutes(app: App): Promise<void> {
    app.get(
      '/api/productions',
      {
        schema: {
          tags: ['browse'],
          summary: 'Productions, filtered by kind, city, category, search and date, in seven sort orders',
          querystring: ProductionListQuery,
          response: { 200: pageSchema(ProductionListItem) },
        },
      },
      async (request) => service.browseProductions(db, deps.clock, request.query),
    );
    app.get(
      '/api/productions/:id',
      {
        schema: {
          tags: ['browse'],
          summary: 'A production with its people, rating and the cities and dates where it is on',
          params: IdParams,
          response: { 200: ProductionDetail },
        },
      },
      async (request) => service.getProductionDetail(db, deps.clock, request.params.id),
    );
    app.get(
      '/api/venues',
      {
        schema: {
          tags: ['browse'],
          summary: 'Approved venues, by city, and showing a production on a date',
          querystring: VenueListQuery,
          response: { 200: pageSchema(VenueListItem) },
        },
      },
      async (request) => service.browseVenues(db, deps.clock, request.query),
    );
    app.get(
      '/api/sessions',
      {
        schema: {
          tags: ['browse'],
          summary: 'Upcoming sessions by production, venue, city and date, with the lowest price and places left',
          querystring: SessionListQuery,
          response: { 200: pageSchema(SessionListItem) },
        },
      },
      async (request) => service.browseSessions(db, deps.clock, request.query),
    );
  };
}
