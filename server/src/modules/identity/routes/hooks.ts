import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../app.js';
import { authenticate, type AccessTokenVerifier, type Portal } from '../../../http/actor.js';

export const verifierOf =
  (deps: Pick<ModuleDeps, 'tokens'>): AccessTokenVerifier =>
  (token, portal) =>
    deps.tokens.verify(token, portal);

/** Identity is shared: the profile routes take a token of any portal. */
export const anyPortal = (deps: Pick<ModuleDeps, 'tokens'>) =>
  authenticate(verifierOf(deps), 'customer', 'merchant', 'admin');

export const portal = (deps: Pick<ModuleDeps, 'tokens'>, name: Portal) => authenticate(verifierOf(deps), name);

/** Signed out is fine; a token, if sent, must be valid for some portal. */
export function anyPortalOptional(deps: Pick<ModuleDeps, 'tokens'>) {
  const strict = anyPortal(deps);
  return async function authenticateIfPresent(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.headers.authorization) await strict(request, reply);
  };
}

/**
 * The per-address budget of the sign-in, SMS, registration, refresh and QR routes: wide enough for a
 * venue's shared Wi-Fi, tight enough to slow a scripted attack from one address.
 */
export function perAddress(deps: Pick<ModuleDeps, 'rateLimit' | 'config'>) {
  return async function limitAddress(request: FastifyRequest): Promise<void> {
    await deps.rateLimit({ bucket: 'auth-address', limit: deps.config.rateLimitPerAddress, windowSeconds: 60 }, request.ip);
  };
}
