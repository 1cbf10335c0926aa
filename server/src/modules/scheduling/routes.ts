import type { App, ModuleDeps } from '../../app.js';
import { actorOf, authenticate } from '../../http/actor.js';
import { pageSchema } from '../../http/pagination.js';
import {
  CreateSessionBody,
  EntryQuotaAnswer,
  EntryQuotaBody,
  IdParams,
  MerchantSessionView,
  PatchSessionBody,
  PublicSessionView,
  SessionListItem,
  SessionListQuery,
} from './schemas.js';
import {
  cancelSessionAs,
  getSessionAs,
  listSessionsAs,
  openEntryQuotasAs,
  scheduleSessionAs,
  updateSessionAs,
  type SchedulingContext,
} from './service/merchant-sessions.js';
import { getPublicSession } from './service/read-sessions.js';

const tags = ['merchant: sessions'];
const security = [{ bearer: [] }];

/** /api/merchant/sessions and entry quotas (merchant token, merchant.sessions.manage). */
export function merchantSessionRoutes(deps: ModuleDeps) {
  const ctx: SchedulingContext = { db: deps.database.db, clock: deps.clock };
  return async function routes(app: App): Promise<void> {
    app.addHook('onRequest', authenticate(deps.tokens.verify, 'merchant'));

    app.post(
      '/api/merchant/sessions',
      {
        schema: {
          tags,
          security,
          summary: 'Schedule a session (seated, tiered or timed-entry) and create its inventory',
          body: CreateSessionBody,
          response: { 201: MerchantSessionView },
        },
      },
      async (request, reply) => reply.status(201).send(await scheduleSessionAs(ctx, actorOf(request), request.body)),
    );

    app.get(
      '/api/merchant/sessions',
      {
        schema: {
          tags,
          security,
          summary: "The merchant's sessions; filters productionId, venueId, hallId, from, to (local dates), status",
          querystring: SessionListQuery,
          response: { 200: pageSchema(SessionListItem) },
        },
      },
      async (request) => listSessionsAs(ctx, actorOf(request), request.query),
    );

    app.get(
      '/api/merchant/sessions/:id',
      {
        schema: { tags, security, summary: 'One of the merchant’s sessions', params: IdParams, response: { 200: MerchantSessionView } },
      },
      async (request) => getSessionAs(ctx, actorOf(request), request.params.id),
    );

    app.patch(
      '/api/merchant/sessions/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Change times, prices, ticket types or policy until sales open',
          params: IdParams,
          body: PatchSessionBody,
          response: { 200: MerchantSessionView },
        },
      },
      async (request) => updateSessionAs(ctx, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/api/merchant/sessions/:id/cancel',
      {
        schema: {
          tags,
          security,
          summary: 'Cancel a session: its units go off sale',
          params: IdParams,
          response: { 200: MerchantSessionView },
        },
      },
      async (request) => cancelSessionAs(ctx, actorOf(request), request.params.id),
    );

    app.post(
      '/api/merchant/venues/:id/entry-quotas',
      {
        schema: {
          tags,
          security,
          summary: 'Open daily entry quotas: one timed-entry session per day and slot; existing ones are skipped',
          params: IdParams,
          body: EntryQuotaBody,
          response: { 200: EntryQuotaAnswer },
        },
      },
      async (request) => openEntryQuotasAs(ctx, actorOf(request), request.params.id, request.body),
    );
  };
}

/** GET /api/sessions/:id, public. */
export function publicSessionRoutes(deps: ModuleDeps) {
  return async function routes(app: App): Promise<void> {
    app.get(
      '/api/sessions/:id',
      {
        schema: {
          tags: ['sessions'],
          summary: 'A session: production, venue, hall, prices or tiers, ticket types, policy, availability',
          params: IdParams,
          response: { 200: PublicSessionView },
        },
      },
      async (request) => getPublicSession(deps.database.db, request.params.id, deps.clock.now()),
    );
  };
}
