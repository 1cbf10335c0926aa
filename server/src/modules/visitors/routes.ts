import { Type } from 'typebox';
import type { App, ModuleDeps } from '../../app.js';
import { actorOf, authenticate } from '../../http/actor.js';
import { idKeysOf } from './id-crypto.js';
import { CreateVisitorBody, IdParams, UpdateVisitorBody, VisitorPage, VisitorQuery, VisitorView } from './schemas.js';
import {
  createVisitor,
  deleteVisitor,
  getVisitor,
  listVisitors,
  updateVisitor,
  type VisitorsContext,
} from './service.js';

const tags = ['customer: visitors'];
const security = [{ bearer: [] }];

/** /api/me/visitors: the signed-in customer's real-name visitors (customer token only). */
export function visitorRoutes(deps: ModuleDeps) {
  const ctx: VisitorsContext = {
    db: deps.database.db,
    clock: deps.clock,
    keys: idKeysOf(deps.config.idEncryptionKey),
  };
  return async function routes(app: App): Promise<void> {
    app.addHook('onRequest', authenticate(deps.tokens.verify, 'customer'));

    app.get(
      '/api/me/visitors',
      {
        schema: {
          tags,
          security,
          summary: 'Your saved real-name visitors, oldest first; ID numbers masked',
          querystring: VisitorQuery,
          response: { 200: VisitorPage },
        },
      },
      async (request) => listVisitors(ctx, actorOf(request), request.query),
    );

    app.post(
      '/api/me/visitors',
      {
        schema: {
          tags,
          security,
          summary: 'Save a real-name visitor (at most 20; each ID once)',
          description:
            '422 INVALID_ID_NUMBER when the number does not fit its type (details.reason); 409 VISITOR_EXISTS when ' +
            'you saved this ID before; 422 VISITOR_LIMIT past 20 visitors. The answer shows the number masked.',
          body: CreateVisitorBody,
          response: { 201: VisitorView },
        },
      },
      async (request, reply) => reply.status(201).send(await createVisitor(ctx, actorOf(request), request.body)),
    );

    app.get(
      '/api/me/visitors/:id',
      {
        schema: { tags, security, summary: 'One of your visitors', params: IdParams, response: { 200: VisitorView } },
      },
      async (request) => getVisitor(ctx, actorOf(request), request.params.id),
    );

    app.patch(
      '/api/me/visitors/:id',
      {
        schema: {
          tags,
          security,
          summary: "Change a visitor's name or phone; the ID number is fixed (save a new visitor instead)",
          params: IdParams,
          body: UpdateVisitorBody,
          response: { 200: VisitorView },
        },
      },
      async (request) => updateVisitor(ctx, actorOf(request), request.params.id, request.body),
    );

    app.delete(
      '/api/me/visitors/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Remove a visitor from your list; tickets already issued to them keep their holder',
          params: IdParams,
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await deleteVisitor(ctx, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
