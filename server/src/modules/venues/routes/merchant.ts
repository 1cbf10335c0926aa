import { Type } from 'typebox';
import type { App } from '../../../app.js';
import { actorOf } from '../../../http/actor.js';
import { PageQuery, pageSchema } from '../../../http/pagination.js';
import {
  Application,
  ApplicationInput,
  Hall,
  HallBody,
  HallParams,
  HallQuery,
  HallSummary,
  IdParams,
  StaffInput,
  StaffMember,
  UserParams,
  Venue,
  VenueInput,
  VenueListQuery,
  VenuePatch,
} from '../schemas.js';
import { applyForMerchant, listOwnApplications } from '../service/applications.js';
import type { VenuesContext } from '../service/context.js';
import { createHall, getHall, listHalls, replaceHall } from '../service/halls.js';
import { listStaff, removeStaff, setStaffRole } from '../service/staff.js';
import { addVenue, changeVenue, getOwnVenue, listOwnVenues } from '../service/venues.js';

const security = [{ bearer: [] }];
/** A 100 × 100 map, or a pretix plan of that many seats, is larger than an ordinary body. */
const SEAT_MAP_BODY_LIMIT = 8 * 1024 * 1024;

/** Merchant-portal routes: applications, own venues, halls with seat maps, staff. */
export function merchantVenueRoutes(app: App, ctx: VenuesContext, bodyLimit: number): void {
  app.post(
    '/api/merchant/applications',
    {
      schema: {
        tags: ['merchant: venues'],
        summary: 'Apply to sell: a merchant and its first venue, pending review',
        description: 'Open to any merchant-portal user; one pending application per user (409 APPLICATION_PENDING).',
        security,
        body: ApplicationInput,
        response: { 201: Application },
      },
    },
    async (request, reply) => reply.status(201).send(await applyForMerchant(ctx, actorOf(request), request.body)),
  );

  app.get(
    '/api/merchant/applications',
    {
      schema: {
        tags: ['merchant: venues'],
        summary: "The caller's applications and what became of them",
        security,
        querystring: PageQuery,
        response: { 200: pageSchema(Application) },
      },
    },
    async (request) => listOwnApplications(ctx, actorOf(request), request.query),
  );

  app.get(
    '/api/merchant/venues',
    {
      schema: {
        tags: ['merchant: venues'],
        summary: "The merchant's venues",
        security,
        querystring: VenueListQuery,
        response: { 200: pageSchema(Venue) },
      },
    },
    async (request) => listOwnVenues(ctx, actorOf(request), request.query),
  );

  app.post(
    '/api/merchant/venues',
    {
      schema: {
        tags: ['merchant: venues'],
        summary: 'Add a venue (pending until the platform approves it)',
        security,
        body: VenueInput,
        response: { 201: Venue },
      },
    },
    async (request, reply) => reply.status(201).send(await addVenue(ctx, actorOf(request), request.body)),
  );

  app.get(
    '/api/merchant/venues/:id',
    {
      schema: { tags: ['merchant: venues'], summary: 'One own venue', security, params: IdParams, response: { 200: Venue } },
    },
    async (request) => getOwnVenue(ctx, actorOf(request), request.params.id),
  );

  app.patch(
    '/api/merchant/venues/:id',
    {
      schema: {
        tags: ['merchant: venues'],
        summary: "Change a venue's details",
        description: 'Editing a rejected venue sends it back for review.',
        security,
        params: IdParams,
        body: VenuePatch,
        response: { 200: Venue },
      },
    },
    async (request) => changeVenue(ctx, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/merchant/venues/:id/halls',
    {
      schema: {
        tags: ['merchant: halls'],
        summary: "A venue's halls (without their seat maps)",
        security,
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageSchema(HallSummary) },
      },
    },
    async (request) => listHalls(ctx, actorOf(request), request.params.id, request.query),
  );

  app.post(
    '/api/merchant/venues/:id/halls',
    {
      bodyLimit: Math.max(bodyLimit, SEAT_MAP_BODY_LIMIT),
      schema: {
        tags: ['merchant: halls'],
        summary: 'Add a hall with its seat map, or import a pretix seating plan (?format=pretix)',
        description:
          'Cells count from 1; cells left out are aisles. Defaults: a seat is numbered by its count in the row, ' +
          'its row label is the row number and its label `${rowLabel}排${number}座`. 422 SEAT_MAP_INVALID names each bad cell.',
        security,
        params: IdParams,
        querystring: HallQuery,
        body: HallBody,
        response: { 201: Hall },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createHall(ctx, actorOf(request), request.params.id, request.body, request.query)),
  );

  app.get(
    '/api/merchant/venues/:id/halls/:hallId',
    {
      schema: {
        tags: ['merchant: halls'],
        summary: 'A hall with its normalised seat map',
        security,
        params: HallParams,
        response: { 200: Hall },
      },
    },
    async (request) => getHall(ctx, actorOf(request), request.params.id, request.params.hallId),
  );

  app.put(
    '/api/merchant/venues/:id/halls/:hallId',
    {
      bodyLimit: Math.max(bodyLimit, SEAT_MAP_BODY_LIMIT),
      schema: {
        tags: ['merchant: halls'],
        summary: "Replace a hall's name and seat map (sessions created before keep their seats)",
        security,
        params: HallParams,
        querystring: HallQuery,
        body: HallBody,
        response: { 200: Hall },
      },
    },
    async (request) =>
      replaceHall(ctx, actorOf(request), request.params.id, request.params.hallId, request.body, request.query),
  );

  app.get(
    '/api/merchant/staff',
    {
      schema: {
        tags: ['merchant: staff'],
        summary: "The merchant's staff and their roles",
        security,
        querystring: PageQuery,
        response: { 200: pageSchema(StaffMember) },
      },
    },
    async (request) => listStaff(ctx, actorOf(request), request.query),
  );

  app.post(
    '/api/merchant/staff',
    {
      schema: {
        tags: ['merchant: staff'],
        summary: 'Make a registered user staff with a role (replaces a role they had here)',
        security,
        body: StaffInput,
        response: { 201: StaffMember },
      },
    },
    async (request, reply) => reply.status(201).send(await setStaffRole(ctx, actorOf(request), request.body)),
  );

  app.delete(
    '/api/merchant/staff/:userId',
    {
      schema: {
        tags: ['merchant: staff'],
        summary: 'Remove a staff member (never the last owner: 422 LAST_OWNER)',
        security,
        params: UserParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await removeStaff(ctx, actorOf(request), request.params.userId);
      return reply.status(204).send(null);
    },
  );
}
