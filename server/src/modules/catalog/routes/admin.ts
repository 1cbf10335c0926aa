import { Type } from 'typebox';
import type { App, ModuleDeps } from '../../../app.js';
import { actorOf, authenticate } from '../../../http/actor.js';
import {
  AdminCreateProductionBody,
  AdminProductionQuery,
  AdminUpdateProductionBody,
  CompanyPage,
  CompanyQuery,
  CompanyView,
  CreateCompanyBody,
  CreatePersonBody,
  DirectoryQuery,
  IdParams,
  PersonPage,
  PersonView,
  ProductionPage,
  ProductionView,
  RejectProductionBody,
} from '../schemas.js';
import {
  adminCreateProduction,
  adminDeleteProduction,
  adminGetProduction,
  adminListProductions,
  adminPublishProduction,
  adminRejectProduction,
  adminUpdateProduction,
} from '../service/admin-catalog.js';
import { adminCreateCompany, adminCreatePerson, adminListCompanies, adminListPeople } from '../service/directory.js';

const tags = ['admin: catalogue'];
const security = [{ bearer: [] }];

/** /api/admin/productions, /people, /companies: the platform's catalogue (admin token, `catalog.manage`). */
export function adminCatalogRoutes(deps: ModuleDeps) {
  const db = deps.database.db;
  return async function routes(app: App): Promise<void> {
    app.addHook('onRequest', authenticate(deps.tokens.verify, 'admin'));

    app.get(
      '/api/admin/productions',
      {
        schema: {
          tags,
          security,
          summary: 'List productions; filters kind, status, merchantId and a fuzzy title search q',
          querystring: AdminProductionQuery,
          response: { 200: ProductionPage },
        },
      },
      async (request) => adminListProductions(db, actorOf(request), request.query),
    );

    app.post(
      '/api/admin/productions',
      {
        schema: {
          tags,
          security,
          summary: 'Create a production (draft unless status is published)',
          body: AdminCreateProductionBody,
          response: { 201: ProductionView },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await adminCreateProduction(db, deps.clock, actorOf(request), request.body)),
    );

    app.get(
      '/api/admin/productions/:id',
      {
        schema: { tags, security, summary: 'One production with its people', params: IdParams, response: { 200: ProductionView } },
      },
      async (request) => adminGetProduction(db, actorOf(request), request.params.id),
    );

    app.patch(
      '/api/admin/productions/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Change a production; people, when given, replace the credits; the kind is fixed after draft',
          params: IdParams,
          body: AdminUpdateProductionBody,
          response: { 200: ProductionView },
        },
      },
      async (request) => adminUpdateProduction(db, deps.clock, actorOf(request), request.params.id, request.body),
    );

    app.delete(
      '/api/admin/productions/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Delete a draft; archive anything else (history is never lost)',
          params: IdParams,
          response: {
            200: Type.Object({ id: Type.String(), outcome: Type.Enum(['deleted', 'archived']) }),
          },
        },
      },
      async (request) => adminDeleteProduction(db, deps.clock, actorOf(request), request.params.id),
    );

    app.post(
      '/api/admin/productions/:id/publish',
      {
        schema: {
          tags,
          security,
          summary: "Publish a merchant's production that is in review",
          params: IdParams,
          response: { 200: ProductionView },
        },
      },
      async (request) => adminPublishProduction(db, deps.clock, actorOf(request), request.params.id),
    );

    app.post(
      '/api/admin/productions/:id/reject',
      {
        schema: {
          tags,
          security,
          summary: 'Send a production in review back to draft, with the reason for its merchant',
          params: IdParams,
          body: RejectProductionBody,
          response: { 200: ProductionView },
        },
      },
      async (request) =>
        adminRejectProduction(db, deps.clock, actorOf(request), request.params.id, request.body.reason),
    );

    app.get(
      '/api/admin/people',
      {
        schema: { tags, security, summary: 'List people; q matches the name', querystring: DirectoryQuery, response: { 200: PersonPage } },
      },
      async (request) => adminListPeople(db, actorOf(request), request.query),
    );

    app.post(
      '/api/admin/people',
      {
        schema: { tags, security, summary: 'Add a person (cast, director…)', body: CreatePersonBody, response: { 201: PersonView } },
      },
      async (request, reply) => reply.status(201).send(await adminCreatePerson(db, deps.clock, actorOf(request), request.body)),
    );

    app.get(
      '/api/admin/companies',
      {
        schema: {
          tags,
          security,
          summary: 'List companies; q matches the name',
          querystring: CompanyQuery,
          response: { 200: CompanyPage },
        },
      },
      async (request) => adminListCompanies(db, actorOf(request), request.query),
    );

    app.post(
      '/api/admin/companies',
      {
        schema: { tags, security, summary: 'Add a company', body: CreateCompanyBody, response: { 201: CompanyView } },
      },
      async (request, reply) => reply.status(201).send(await adminCreateCompany(db, deps.clock, actorOf(request), request.body)),
    );
  };
}
