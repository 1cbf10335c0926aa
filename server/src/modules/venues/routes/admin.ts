import type { App } from '../../../app.js';
import { actorOf } from '../../../http/actor.js';
import { pageSchema } from '../../../http/pagination.js';
import {
  AdminMerchant,
  AdminVenue,
  AdminVenueListQuery,
  IdParams,
  MerchantListQuery,
  ReviewRejection,
} from '../schemas.js';
import type { VenuesContext } from '../service/context.js';
import {
  getMerchantForReview,
  listMerchantsForReview,
  listVenuesForReview,
  reviewAddedVenue,
  reviewMerchantApplication,
} from '../service/review.js';

const security = [{ bearer: [] }];
const tags = ['admin: merchants'];

/** Admin-portal routes: merchant applications and venue review (permission merchants.review). */
export function adminVenueRoutes(app: App, ctx: VenuesContext): void {
  app.get(
    '/api/admin/merchants',
    {
      schema: {
        tags,
        summary: 'Merchants with their applicant and venues; ?status=pending is the review queue',
        security,
        querystring: MerchantListQuery,
        response: { 200: pageSchema(AdminMerchant) },
      },
    },
    async (request) => listMerchantsForReview(ctx, actorOf(request), request.query),
  );

  app.get(
    '/api/admin/merchants/:id',
    { schema: { tags, summary: 'One merchant', security, params: IdParams, response: { 200: AdminMerchant } } },
    async (request) => getMerchantForReview(ctx, actorOf(request), request.params.id),
  );

  app.post(
    '/api/admin/merchants/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a pending application: the merchant, its first venue, and its applicant as owner',
        security,
        params: IdParams,
        response: { 200: AdminMerchant },
      },
    },
    async (request) => reviewMerchantApplication(ctx, actorOf(request), request.params.id, { decision: 'approve' }),
  );

  app.post(
    '/api/admin/merchants/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a pending application with a reason',
        security,
        params: IdParams,
        body: ReviewRejection,
        response: { 200: AdminMerchant },
      },
    },
    async (request) =>
      reviewMerchantApplication(ctx, actorOf(request), request.params.id, {
        decision: 'reject',
        reason: request.body.reason,
      }),
  );

  app.get(
    '/api/admin/venues',
    {
      schema: {
        tags,
        summary: 'Venues with their merchant; ?status=pending is the review queue',
        security,
        querystring: AdminVenueListQuery,
        response: { 200: pageSchema(AdminVenue) },
      },
    },
    async (request) => listVenuesForReview(ctx, actorOf(request), request.query),
  );

  app.post(
    '/api/admin/venues/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a pending venue of an approved merchant',
        security,
        params: IdParams,
        response: { 200: AdminVenue },
      },
    },
    async (request) => reviewAddedVenue(ctx, actorOf(request), request.params.id, { decision: 'approve' }),
  );

  app.post(
    '/api/admin/venues/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a pending venue with a reason',
        security,
        params: IdParams,
        body: ReviewRejection,
        response: { 200: AdminVenue },
      },
    },
    async (request) =>
      reviewAddedVenue(ctx, actorOf(request), request.params.id, { decision: 'reject', reason: request.body.reason }),
  );
}
