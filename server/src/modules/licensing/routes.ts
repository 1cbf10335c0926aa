import type { App } from '../../app.js';
import { actorOf } from '../../http/actor.js';
import { pageSchema } from '../../http/pagination.js';
import { AdminLicenceListQuery, IdParams, Licence, LicenceInput, LicenceListQuery } from './schemas.js';
import {
  getOwnLicence,
  licenseMovie,
  listAllLicences,
  listOwnLicences,
  revokeLicenceByAdmin,
  type LicensingContext,
} from './service.js';

const security = [{ bearer: [] }];

export function merchantLicenceRoutes(app: App, ctx: LicensingContext): void {
  const tags = ['merchant: licences'];
  app.get(
    '/api/merchant/licences',
    {
      schema: {
        tags,
        summary: "The merchant's screening licences; status is derived from today's date in Asia/Shanghai",
        security,
        querystring: LicenceListQuery,
        response: { 200: pageSchema(Licence) },
      },
    },
    async (request) => listOwnLicences(ctx, actorOf(request), request.query),
  );

  app.post(
    '/api/merchant/licences',
    {
      schema: {
        tags,
        summary: 'License a published platform movie for an inclusive period, with the fee paid',
        security,
        body: LicenceInput,
        response: { 201: Licence },
      },
    },
    async (request, reply) => reply.status(201).send(await licenseMovie(ctx, actorOf(request), request.body)),
  );

  app.get(
    '/api/merchant/licences/:id',
    { schema: { tags, summary: 'One own licence', security, params: IdParams, response: { 200: Licence } } },
    async (request) => getOwnLicence(ctx, actorOf(request), request.params.id),
  );
}

export function adminLicenceRoutes(app: App, ctx: LicensingContext): void {
  const tags = ['admin: licences'];
  app.get(
    '/api/admin/licences',
    {
      schema: {
        tags,
        summary: "Every merchant's screening licences",
        security,
        querystring: AdminLicenceListQuery,
        response: { 200: pageSchema(Licence) },
      },
    },
    async (request) => listAllLicences(ctx, actorOf(request), request.query),
  );

  app.post(
    '/api/admin/licences/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an active licence (sessions created before are not touched)',
        security,
        params: IdParams,
        response: { 200: Licence },
      },
    },
    async (request) => revokeLicenceByAdmin(ctx, actorOf(request), request.params.id),
  );
}
