import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import helmet from '@fastify/helmet';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { Clock } from './clock.js';
import { sendError, DomainError } from './http/errors.js';
import { registerValidation } from './http/validation.js';
import { registerIdempotency } from './http/idempotency.js';
import { registerMetrics } from './http/metrics.js';
import { databaseRateLimiter, type RateLimiter } from './http/rate-limit.js';
import { registerHealthRoutes } from './http/health.js';
import { identityModule, type SmsProvider } from './modules/identity/index.js';
import { catalogModule } from './modules/catalog/index.js';
import { accessTokenSigner, type AccessTokenSigner } from './modules/identity/tokens.js';
import { browseModule } from './modules/browse/index.js';
import { schedulingModule } from './modules/scheduling/index.js';
import { inventoryModule } from './modules/inventory/index.js';
import { venuesModule } from './modules/venues/index.js';
import { licensingModule } from './modules/licensing/index.js';
import { visitorsModule } from './modules/visitors/index.js';
import { orderPayable, ordersModule } from './modules/orders/index.js';
import { paymentsModule, type PaymentNetwork } from './modules/payments/index.js';
import { ticketsModule } from './modules/tickets/index.js';
import { passesModule, passPayable } from './modules/passes/index.js';

export interface AppDeps {
  config: Config;
  database: Database;
  clock: Clock;
  sms: SmsProvider;
  logger: Logger;
  /** Tests only: the payment providers' network calls, replaced at the SDKs' boundary. */
  paymentNetwork?: PaymentNetwork;
}

/** What every module's routes get: the app's dependencies plus the shared cross-cutting services. */
export interface ModuleDeps extends AppDeps {
  rateLimit: RateLimiter;
  tokens: AccessTokenSigner;
  /** The app's Prometheus registry, for a module's own gauges and counters. */
  metrics: Registry;
}

/** The app as modules see it: TypeBox schemas type each handler's request and reply. */
export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** A hop count means: believe that many proxies nearest to us (Fastify's own reading of a number). */
const trustProxyOption = (setting: Config['trustProxy']) =>
  typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting;

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: trustProxyOption(deps.config.trustProxy),
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // Browsers open sockets ahead of time and never use some; closing must not wait for them.
    forceCloseConnections: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerValidation(app);
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendError(new DomainError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`), request, reply),
  );
  app.decorateRequest('actor', null);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    return payload;
  });

  await app.register(helmet, {
    // The docs UI and the sandbox pay page use inline styles and scripts of their own.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
      },
    },
  });
  await app.register(formbody);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Boxoffice API',
        version: '0.1.0',
        description: 'Customer routes under /api, merchant routes under /api/merchant, admin routes under /api/admin.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const metrics = registerMetrics(app, deps.database, deps.config.metricsToken);
  registerIdempotency(app, deps.database.db, deps.clock, `idempotency:${deps.config.jwtSecret}`);
  registerHealthRoutes(app, deps.database.db);

  const moduleDeps: ModuleDeps = {
    ...deps,
    metrics,
    rateLimit: databaseRateLimiter(deps.database.db, deps.clock),
    tokens: accessTokenSigner(deps.config.jwtSecret, deps.config.accessTokenTtlSeconds, () => deps.clock.now()),
  };
  await app.register(identityModule(moduleDeps));
  await app.register(catalogModule(moduleDeps));
  await app.register(browseModule(moduleDeps));
  await app.register(schedulingModule(moduleDeps));
  await app.register(inventoryModule(moduleDeps));
  await app.register(venuesModule(moduleDeps));
  await app.register(licensingModule(moduleDeps));
  await app.register(visitorsModule(moduleDeps));
  await app.register(ordersModule(moduleDeps));
  await app.register(paymentsModule(moduleDeps, { order: orderPayable(moduleDeps), pass: passPayable() }));
  await app.register(ticketsModule(moduleDeps));
  await app.register(passesModule(moduleDeps));
  return app;
}
