import type { App, ModuleDeps } from '../../../app.js';
import { actorOf, authenticate } from '../../../http/actor.js';
import {
  IdParams,
  MerchantCreateProductionBody,
  MerchantProductionQuery,
  MerchantUpdateProductionBody,
  ProductionPage,
  ProductionView,
} from '../schemas.js';
import {
  merchantCreateProduction,
  merchantGetProduction,
  merchantListProductions,
  merchantUpdateProduction,
} from '../service/merchant-productions.js';

const tags = ['merchant: productions'];
const security = [{ bearer: [] }];

/** /api/merchant/productions: a merchant's own performances and exhibitions (merchant token). */
export function merchantProductionRoutes(deps: ModuleDeps) {
  const db = deps.database.db;
  return async function routes(app: App): Promise<void> {
    app.addHook('onRequest', authenticate(deps.tokens.verify, 'merchant'));

    app.get(
      '/api/merchant/productions',
      {
        schema: {
          tags,
          security,
          summary: "The merchant's productions; filters kind, status, q",
          querystring: MerchantProductionQuery,
          response: { 200: ProductionPage },
        },
      },
      async (request) => merchantListProductions(db, actorOf(request), request.query),
    );

    app.post(
      '/api/merchant/productions',
      {
        schema: {
          tags,
          security,
          summary: 'Create a performance or exhibition as a draft',
          body: MerchantCreateProductionBody,
          response: { 201: ProductionView },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await merchantCreateProduction(db, deps.clock, actorOf(request), request.body)),
    );

    app.get(
      '/api/merchant/productions/:id',
      {
        schema: { tags, security, summary: 'One of the merchant’s productions', params: IdParams, response: { 200: ProductionView } },
      },
      async (request) => merchantGetProduction(db, actorOf(request), request.params.id),
    );

    app.patch(
      '/api/merchant/productions/:id',
      {
        schema: {
          tags,
          security,
          summary:
            'Change a production; status pending-review submits a draft for review; once submitted only the synopsis and poster change',
          params: IdParams,
          body: MerchantUpdateProductionBody,
          response: { 200: ProductionView },
        },
      },
      async (request) => merchantUpdateProduction(db, deps.clock, actorOf(request), request.params.id, request.body),
    );
  };
}
