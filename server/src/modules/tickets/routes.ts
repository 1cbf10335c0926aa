import type { App, ModuleDeps } from '../../app.js';
import { actorOf, authenticate } from '../../http/actor.js';
import {
  CheckInAnswer,
  CheckInBody,
  IdParams,
  ManifestAnswer,
  OfflineAnswer,
  OfflineBody,
  PublicKeyAnswer,
  TicketPage,
  TicketQuery,
  TicketView,
} from './schemas.js';
import { checkIn, checkInOffline, sessionManifest } from './service/check-in.js';
import type { TicketsContext } from './service/context.js';
import { getMyTicket, listMyTickets, ticketPublicKey } from './service/read-tickets.js';

const security = [{ bearer: [] }];

/** GET /api/tickets/public-key: no auth, for offline scanners and anyone verifying a ticket. */
export function publicKeyRoutes(ctx: TicketsContext) {
  return async function routes(app: App): Promise<void> {
    app.get(
      '/api/tickets/public-key',
      {
        schema: {
          tags: ['customer: tickets'],
          summary: "The platform's Ed25519 public key that verifies tickets' QR codes offline",
          response: { 200: PublicKeyAnswer },
        },
      },
      async () => ticketPublicKey(ctx),
    );
  };
}

/** /api/tickets: the signed-in customer's tickets (customer token only). */
export function customerTicketRoutes(deps: ModuleDeps, ctx: TicketsContext) {
  const tags = ['customer: tickets'];
  return async function routes(app: App): Promise<void> {
    app.addHook('onRequest', authenticate(deps.tokens.verify, 'customer'));

    app.get(
      '/api/tickets',
      {
        schema: {
          tags,
          security,
          summary: 'Your tickets, newest first; `orderId` narrows to one order',
          querystring: TicketQuery,
          response: { 200: TicketPage },
        },
      },
      async (request) => listMyTickets(ctx, actorOf(request), request.query),
    );

    app.get(
      '/api/tickets/:id',
      {
        schema: {
          tags,
          security,
          summary: 'One of your tickets with its signed QR code (`code`) and the QR as SVG (`qrSvg`)',
          params: IdParams,
          response: { 200: TicketView },
        },
      },
      async (request) => getMyTicket(ctx, actorOf(request), request.params.id),
    );
  };
}

/** Check-in at the door and offline scanners (merchant token with merchant.checkin). */
export function merchantCheckInRoutes(deps: ModuleDeps, ctx: TicketsContext) {
  const tags = ['merchant: check-in'];
  return async function routes(app: App): Promise<void> {
    app.addHook('onRequest', authenticate(deps.tokens.verify, 'merchant'));

    app.post(
      '/api/merchant/check-ins',
      {
        schema: {
          tags,
          security,
          summary: 'Scan a ticket at the door: admitted exactly once',
          description:
            '`code` is the scanned QR (BO1.…, verified against the platform key before anything else) or the ' +
            '10-character counter code. `result`: admitted | already-used (with `usedAt` and `gate` of the ' +
            "admission) | invalid (forged, tampered or unknown) | refunded | wrong-venue (another merchant's, or " +
            'not of `venueId`) | not-today (outside its window: the start less 2 hours to the end). Every scan ' +
            'is recorded. 403 without merchant.checkin.',
          body: CheckInBody,
          response: { 200: CheckInAnswer },
        },
      },
      async (request) => checkIn(ctx, actorOf(request), request.body),
    );

    app.post(
      '/api/merchant/check-ins/offline',
      {
        schema: {
          tags,
          security,
          summary: "Upload an offline scanner's scans: per ticket, the earliest scan wins",
          description:
            'Each ticket admits at its earliest scan if it was still valid then; its later scans answer ' +
            'already-used. Results come back in upload order (`index` from 0). Send an Idempotency-Key so a ' +
            'retried upload is answered once.',
          body: OfflineBody,
          response: { 200: OfflineAnswer },
        },
      },
      async (request) => checkInOffline(ctx, actorOf(request), request.body),
    );

    app.get(
      '/api/merchant/sessions/:id/manifest',
      {
        schema: {
          tags,
          security,
          summary: "A session's tickets for an offline scanner: valid, used and revoked, with the public key",
          params: IdParams,
          response: { 200: ManifestAnswer },
        },
      },
      async (request) => sessionManifest(ctx, actorOf(request), request.params.id),
    );
  };
}
