import type { App, ModuleDeps } from '../../app.js';
import { actorOf, authenticate } from '../../http/actor.js';
import type { PaymentsContext } from '../payments/index.js';
import {
  BuyPassBody,
  CreateProductBody,
  IdParams,
  PassDetailView,
  PassPage,
  PassPaymentBody,
  PassQuery,
  PassView,
  PatchProductBody,
  PaymentStarted,
  ProductPage,
  ProductParams,
  ProductQuery,
  ProductView,
} from './schemas.js';
import type { PassesContext } from './service/context.js';
import { buyPass, cancelPass, getPass, listPasses } from './service/passes.js';
import { startPassPayment } from './service/pay.js';
import { createProduct, getProduct, listProducts, listProductsOnSale, updateProduct } from './service/products.js';

const security = [{ bearer: [] }];

/** /api/merchant/venues/:id/pass-products (merchant token, merchant.sessions.manage). */
export function merchantProductRoutes(deps: ModuleDeps, ctx: PassesContext) {
  const tags = ['merchant: passes'];
  return async function routes(app: App): Promise<void> {
    app.addHook('onRequest', authenticate(deps.tokens.verify, 'merchant'));

    app.get(
      '/api/merchant/venues/:id/pass-products',
      {
        schema: {
          tags,
          security,
          summary: "The venue's annual pass products, oldest first",
          params: IdParams,
          querystring: ProductQuery,
          response: { 200: ProductPage },
        },
      },
      async (request) => listProducts(ctx, actorOf(request), request.params.id, request.query),
    );

    app.post(
      '/api/merchant/venues/:id/pass-products',
      {
        schema: {
          tags,
          security,
          summary: 'Add an annual pass product to a venue (off sale unless onSale)',
          description:
            'productionId: the one timed-entry production it admits to (your own, or a platform movie); null admits ' +
            'to any timed-entry session of the venue. 404 for another merchant’s venue or production.',
          params: IdParams,
          body: CreateProductBody,
          response: { 201: ProductView },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createProduct(ctx, actorOf(request), request.params.id, request.body)),
    );

    app.get(
      '/api/merchant/venues/:id/pass-products/:productId',
      {
        schema: { tags, security, summary: 'One pass product of the venue', params: ProductParams, response: { 200: ProductView } },
      },
      async (request) => getProduct(ctx, actorOf(request), request.params.id, request.params.productId),
    );

    app.patch(
      '/api/merchant/venues/:id/pass-products/:productId',
      {
        schema: {
          tags,
          security,
          summary: 'Change a pass product; passes sold keep the terms they were bought with',
          params: ProductParams,
          body: PatchProductBody,
          response: { 200: ProductView },
        },
      },
      async (request) =>
        updateProduct(ctx, actorOf(request), request.params.id, request.params.productId, request.body),
    );
  };
}

/** GET /api/venues/:id/pass-products: public, like the venue it belongs to. */
export function publicProductRoutes(ctx: PassesContext) {
  return async function routes(app: App): Promise<void> {
    app.get(
      '/api/venues/:id/pass-products',
      {
        schema: {
          tags: ['venues'],
          summary: 'The annual passes a venue sells now',
          description: '404 for a venue that does not exist or is not approved.',
          params: IdParams,
          querystring: ProductQuery,
          response: { 200: ProductPage },
        },
      },
      async (request) => listProductsOnSale(ctx, request.params.id, request.query),
    );
  };
}

/** /api/passes and /api/me/passes: the signed-in customer's annual passes (customer token only). */
export function customerPassRoutes(deps: ModuleDeps, ctx: PassesContext, payments: PaymentsContext) {
  const tags = ['customer: passes'];
  return async function routes(app: App): Promise<void> {
    app.addHook('onRequest', authenticate(deps.tokens.verify, 'customer'));

    app.post(
      '/api/passes',
      {
        schema: {
          tags,
          security,
          summary: 'Buy an annual pass for one of your visitors: a pending pass to pay by expiresAt',
          description: '404 for a product not on sale, or a visitor not yours (details.visitorIds).',
          body: BuyPassBody,
          response: { 201: PassView },
        },
      },
      async (request, reply) => reply.status(201).send(await buyPass(ctx, actorOf(request), request.body)),
    );

    app.get(
      '/api/me/passes',
      {
        schema: {
          tags,
          security,
          summary: 'Your annual passes, newest first, with their validity and entries',
          querystring: PassQuery,
          response: { 200: PassPage },
        },
      },
      async (request) => listPasses(ctx, actorOf(request), request.query),
    );

    app.get(
      '/api/me/passes/:id',
      {
        schema: {
          tags,
          security,
          summary: 'One of your passes with the days booked with it',
          params: IdParams,
          response: { 200: PassDetailView },
        },
      },
      async (request) => getPass(ctx, actorOf(request), request.params.id),
    );

    app.post(
      '/api/passes/:id/cancel',
      {
        schema: {
          tags,
          security,
          summary: 'Cancel a pending pass (before it is paid)',
          description: '409 PASS_NOT_PENDING for any other status.',
          params: IdParams,
          response: { 200: PassDetailView },
        },
      },
      async (request) => cancelPass(ctx, actorOf(request), request.params.id),
    );

    app.post(
      '/api/passes/:id/payments',
      {
        schema: {
          tags,
          security,
          summary: 'Start paying a pending pass: answers the provider page; it becomes active once paid',
          description:
            '409 PASS_NOT_PENDING once it is not pending (paid, cancelled, or its window is over); 422 ' +
            'PROVIDER_NOT_CONFIGURED; 409 TOO_MANY_PAYMENTS; 404 for another customer’s pass.',
          params: IdParams,
          body: PassPaymentBody,
          response: { 201: PaymentStarted },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await startPassPayment(payments, actorOf(request), request.params.id, request.body.provider)),
    );
  };
}
