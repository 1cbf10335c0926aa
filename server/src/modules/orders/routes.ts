import { Type } from 'typebox';
import type { App, ModuleDeps } from '../../app.js';
import { actorOf, authenticate } from '../../http/actor.js';
import {
  BestSeatsAnswer,
  BestSeatsQuery,
  HeldOrderView,
  IdParams,
  MerchantOrderPage,
  MerchantOrderQuery,
  OrderPage,
  OrderQuery,
  OrderView,
  PlaceOrderBody,
} from './schemas.js';
import type { OrdersContext } from './service/context.js';
import { cancelOrder, hideOrder } from './service/manage-orders.js';
import { listMerchantOrders } from './service/merchant-orders.js';
import { placeOrder } from './service/place-order.js';
import { bestSeats, getOrder, listOrders } from './service/read-orders.js';

const tags = ['customer: orders'];
const security = [{ bearer: [] }];

/** /api/orders: the signed-in customer's orders (customer token only). */
export function customerOrderRoutes(deps: ModuleDeps, ctx: OrdersContext) {
  return async function routes(app: App): Promise<void> {
    app.addHook('onRequest', authenticate(deps.tokens.verify, 'customer'));

    app.post(
      '/api/orders',
      {
        schema: {
          tags,
          security,
          summary: 'Hold places and open a pending order (all or nothing)',
          description:
            'Seated sessions: `seats` (seat ids) or `"seats": "best"` with `quantity`; tiered and timed-entry ' +
            'sessions: `tiers`. Prices come from the session. The places are held until `expiresAt` (the ' +
            "session policy's holdMinutes). 409 SEAT_UNAVAILABLE (details.seatIds) | SOLD_OUT; 422 ORPHAN_SEAT | " +
            'COUPLE_SEAT_SPLIT | SEAT_NOT_FOUND (details.seatIds) | LIMIT_EXCEEDED | SALES_CLOSED | VISITOR_REQUIRED | ' +
            'UNKNOWN_TICKET_TYPE | TICKET_COUNT_MISMATCH | TIER_NOT_FOUND | MODE_MISMATCH; ' +
            '409 VISITOR_ALREADY_HOLDS_TICKET; 503 HOLD_BUSY (retry). With `passId`: one place, paid at once; ' +
            '422 PASS_NOT_VALID | PASS_ENTRIES_USED_UP | PASS_ONE_PLACE, 409 PASS_ALREADY_BOOKED (that day), 404 for another\'s pass.',
          body: PlaceOrderBody,
          response: { 201: HeldOrderView },
        },
      },
      async (request, reply) => reply.status(201).send(await placeOrder(ctx, actorOf(request), request.body)),
    );

    app.get(
      '/api/orders',
      {
        schema: {
          tags,
          security,
          summary: 'Your orders, newest first; hidden ones left out',
          description: '`status` as you see it (a pending order past its hold is expired); `q` matches the title loosely.',
          querystring: OrderQuery,
          response: { 200: OrderPage },
        },
      },
      async (request) => listOrders(ctx, actorOf(request), request.query),
    );

    app.get(
      '/api/orders/:id',
      {
        schema: {
          tags,
          security,
          summary: 'One of your orders, with its items, session, production and venue',
          params: IdParams,
          response: { 200: OrderView },
        },
      },
      async (request) => getOrder(ctx, actorOf(request), request.params.id),
    );

    app.post(
      '/api/orders/:id/cancel',
      {
        schema: {
          tags,
          security,
          summary: 'Cancel a pending order: its places go back on sale at once',
          description: '409 ORDER_NOT_PENDING for any other status (an order past its hold is expired).',
          params: IdParams,
          response: { 200: OrderView },
        },
      },
      async (request) => cancelOrder(ctx, actorOf(request), request.params.id),
    );

    app.delete(
      '/api/orders/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Remove a finished order from your list (nothing else changes)',
          description: '409 ORDER_NOT_FINISHED for a pending or paid order.',
          params: IdParams,
          response: { 204: Type.Null({ description: 'hidden' }) },
        },
      },
      async (request, reply) => {
        await hideOrder(ctx, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}

/** GET /api/sessions/:id/best-seats: public, like the seat map it reads. */
export function bestSeatRoutes(ctx: OrdersContext) {
  return async function routes(app: App): Promise<void> {
    app.get(
      '/api/sessions/:id/best-seats',
      {
        schema: {
          tags: ['sessions'],
          summary: 'The seats side by side nearest the best view that an order with "seats": "best" would hold now',
          description: '409 SOLD_OUT when no block of that many seats is free; 422 NOT_SEATED for tiered sessions.',
          params: IdParams,
          querystring: BestSeatsQuery,
          response: { 200: BestSeatsAnswer },
        },
      },
      async (request) => bestSeats(ctx, request.params.id, request.query),
    );
  };
}

/** GET /api/merchant/orders: the merchant's sales, order by order (merchant token, merchant.sales.read). */
export function merchantOrderRoutes(deps: ModuleDeps, ctx: OrdersContext) {
  return async function routes(app: App): Promise<void> {
    app.addHook('onRequest', authenticate(deps.tokens.verify, 'merchant'));
    app.get(
      '/api/merchant/orders',
      {
        schema: {
          tags: ['merchant: orders'],
          security,
          summary: 'Orders of your sessions, newest first; filter by status (as customers see it) and session',
          description: '403 FORBIDDEN without merchant.sales.read. Refund one with POST /api/merchant/orders/{id}/refunds.',
          querystring: MerchantOrderQuery,
          response: { 200: MerchantOrderPage },
        },
      },
      async (request) => listMerchantOrders(ctx, actorOf(request), request.query),
    );
  };
}
