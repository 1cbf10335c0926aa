import type { FastifyRequest } from 'fastify';
import type { App, ModuleDeps } from '../../app.js';
import { actorOf, authenticate } from '../../http/actor.js';
import {
  IdParams,
  NotifyFields,
  PaymentIdParams,
  PaymentStarted,
  RefundBody,
  RefundView,
  SandboxActionBody,
  StartPaymentBody,
  StripeHeaders,
} from './schemas.js';
import { applyNotification } from './service/apply-notification.js';
import type { PaymentsContext } from './service/context.js';
import { refundMerchantOrder, refundOwnOrder, startOrderPayment } from './service/order-payments.js';
import { renderSandboxPage, submitSandboxPage } from './service/sandbox.js';

const security = [{ bearer: [] }];
/** Notifications are small; anything bigger is not a provider's. */
const NOTIFY_BODY_LIMIT = 64 * 1024;

/** POST /api/orders/:id/payments and /refunds (customer token only). */
export function customerPaymentRoutes(deps: ModuleDeps, ctx: PaymentsContext) {
  return async function routes(app: App): Promise<void> {
    app.addHook('onRequest', authenticate(deps.tokens.verify, 'customer'));
    const tags = ['customer: orders'];

    app.post(
      '/api/orders/:id/payments',
      {
        schema: {
          tags,
          security,
          summary: 'Start paying a pending order: answers the provider page; the hold is extended for the payment window',
          description:
            '422 PROVIDER_NOT_CONFIGURED for a provider without keys; 409 ORDER_NOT_PENDING once the order is not ' +
            'pending (or its hold is over); 409 TOO_MANY_PAYMENTS; 502 PROVIDER_UNAVAILABLE; 404 for another customer’s order.',
          params: IdParams,
          body: StartPaymentBody,
          response: { 201: PaymentStarted },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await startOrderPayment(ctx, actorOf(request), request.params.id, request.body.provider)),
    );

    app.post(
      '/api/orders/:id/refunds',
      {
        schema: {
          tags,
          security,
          summary: 'Refund tickets of a paid order (all when ticketIds is absent); their places go back on sale',
          description:
            "422 REFUND_CLOSED past the session's refund cut-off; 422 TICKET_USED for a ticket used at the door; " +
            '409 ORDER_NOT_PAID; 422 NOTHING_TO_REFUND when the tickets were refunded already; 404 for another ' +
            'customer’s order or a ticket not of it. The fee is the session policy’s refundFeePercent.',
          params: IdParams,
          body: RefundBody,
          response: { 201: RefundView },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await refundOwnOrder(ctx, actorOf(request), request.params.id, request.body)),
    );
  };
}

/** POST /api/merchant/orders/:id/refunds (merchant token, merchant.refunds.manage). */
export function merchantRefundRoutes(deps: ModuleDeps, ctx: PaymentsContext) {
  return async function routes(app: App): Promise<void> {
    app.addHook('onRequest', authenticate(deps.tokens.verify, 'merchant'));
    app.post(
      '/api/merchant/orders/:id/refunds',
      {
        schema: {
          tags: ['merchant: orders'],
          security,
          summary: 'Refund tickets of a paid order of your sessions, whatever the cut-off',
          description:
            '403 FORBIDDEN without merchant.refunds.manage; 404 for another merchant’s order; else as the customer’s refund.',
          params: IdParams,
          body: RefundBody,
          response: { 201: RefundView },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await refundMerchantOrder(ctx, actorOf(request), request.params.id, request.body)),
    );
  };
}

/** Each request's body exactly as it arrived, for the inbox (parsers below fill it). */
const rawBodies = new WeakMap<FastifyRequest, string>();
const rawBodyOf = (request: FastifyRequest): string => rawBodies.get(request) ?? '';

function badForm(message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode: 400 });
}

/**
 * What providers call, and the sandbox's hosted page: no tokens (the signature is the proof; the page's
 * payment id is unguessable). Form bodies are read here with their raw text kept, and a repeated
 * field refused: a notification is signed over single values.
 */
export function providerRoutes(ctx: PaymentsContext) {
  return async function routes(app: App): Promise<void> {
    app.removeContentTypeParser('application/x-www-form-urlencoded');
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
      const text = body as string;
      rawBodies.set(request, text);
      const fields: Record<string, string> = {};
      for (const [key, value] of new URLSearchParams(text)) {
        if (Object.hasOwn(fields, key)) return done(badForm(`The field ${key} is given twice`), undefined);
        fields[key] = value;
      }
      return done(null, fields);
    });

    const notify = (provider: 'sandbox' | 'alipay') =>
      app.post(
        `/api/payments/${provider}/notify`,
        {
          bodyLimit: NOTIFY_BODY_LIMIT,
          schema: {
            tags: ['payments'],
            summary: `${provider === 'sandbox' ? 'The sandbox' : 'Alipay'}'s asynchronous notification (form-encoded, RSA2-signed)`,
            description:
              'Answers the text `success` once applied (and for a duplicate), `failure` for a bad signature, an ' +
              'unknown payment or a wrong amount (recorded and flagged, never applied).',
            body: NotifyFields,
          },
        },
        async (request, reply) => {
          const answer = await applyNotification(
            ctx,
            provider,
            { kind: 'form', fields: request.body as Record<string, string> },
            rawBodyOf(request),
          );
          return reply.type('text/plain; charset=utf-8').send(answer);
        },
      );
    notify('sandbox');
    notify('alipay');

    await app.register(async (stripeScope: App) => {
      // Stripe signs the body's exact bytes, so it is kept as text rather than parsed.
      stripeScope.removeContentTypeParser('application/json');
      stripeScope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
        rawBodies.set(request, body as string);
        done(null, body);
      });
      stripeScope.post(
        '/api/payments/stripe/webhook',
        {
          bodyLimit: NOTIFY_BODY_LIMIT,
          schema: {
            tags: ['payments'],
            summary: 'Stripe webhook (checkout.session.completed), verified with the Stripe-Signature header',
            description: '200 `success` when applied, a duplicate or an event of no concern; 400 `failure` for a bad signature.',
            headers: StripeHeaders,
          },
        },
        async (request, reply) => {
          const signature = request.headers['stripe-signature'];
          const answer = await applyNotification(
            ctx,
            'stripe',
            { kind: 'raw', body: rawBodyOf(request), signature: typeof signature === 'string' ? signature : '' },
            rawBodyOf(request),
          );
          return reply
            .status(answer === 'success' ? 200 : 400)
            .type('text/plain; charset=utf-8')
            .send(answer);
        },
      );
    });

    app.get(
      '/pay/sandbox/:paymentId',
      {
        schema: {
          tags: ['payments'],
          summary: 'The sandbox provider’s hosted page: the order, the amount, Pay and Fail',
          params: PaymentIdParams,
        },
      },
      async (request, reply) =>
        reply.type('text/html; charset=utf-8').send(await renderSandboxPage(ctx, request.params.paymentId)),
    );

    app.post(
      '/pay/sandbox/:paymentId',
      {
        bodyLimit: 1024,
        schema: {
          tags: ['payments'],
          summary: 'What the sandbox page posts: action=pay sends the signed notification (asynchronously, with retries)',
          params: PaymentIdParams,
          body: SandboxActionBody,
        },
      },
      async (request, reply) => {
        return reply
          .type('text/html; charset=utf-8')
          .send(await submitSandboxPage(ctx, request.params.paymentId, request.body.action));
      },
    );
  };
}
