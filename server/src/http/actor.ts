import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './errors.js';

export const PORTALS = ['customer', 'merchant', 'admin'] as const;
export type Portal = (typeof PORTALS)[number];

/** Who is calling: resolved from a portal's access token. */
export interface Actor {
  userId: string;
  portal: Portal;
  /** The user's permissions in this portal as a bitmask (see identity/permissions). */
  permissions: bigint;
  /** Merchant portal: the approved merchant whose staff the user is, if any. */
  merchantId: string | null;
}

/** Verifies a bearer token for one portal; returns null when it is not valid there. */
export type AccessTokenVerifier = (token: string, portal: Portal) => Promise<Actor | null>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  return match?.[1] ?? null;
}

/**
 * An onRequest hook for one portal's scope: a token of another portal, or none, answers 401.
 * `portals` lists the portals whose tokens this scope accepts (identity routes accept all three).
 */
export function authenticate(verify: AccessTokenVerifier, ...portals: Portal[]) {
  return async function authenticateRequest(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const token = bearerOf(request);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'Sign in first: this needs an access token');
    for (const portal of portals) {
      const actor = await verify(token, portal);
      if (actor) {
        request.actor = actor;
        return;
      }
    }
    throw new DomainError('UNAUTHENTICATED', `The access token is not valid for the ${portals.join(' or ')} portal`);
  };
}

/** Like `authenticate`, but a request without a token goes on anonymously. */
export function authenticateOptional(verify: AccessTokenVerifier, portal: Portal) {
  const strict = authenticate(verify, portal);
  return async function authenticateIfPresent(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.headers.authorization) await strict(request, reply);
  };
}

/** The signed-in actor of a route behind `authenticate`. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new DomainError('UNAUTHENTICATED', 'Sign in first: this needs an access token');
  return request.actor;
}

/**
 * The merchant a merchant-portal actor works for. Until the user is staff of an approved merchant
 * (their token carries no merchant), everything but applying answers 403 MERCHANT_NOT_APPROVED.
 */
export function merchantIdOf(actor: Actor): string {
  if (actor.portal !== 'merchant' || !actor.merchantId) {
    throw new DomainError(
      'MERCHANT_NOT_APPROVED',
      'This needs staff of an approved merchant; apply first, or refresh your token after approval',
    );
  }
  return actor.merchantId;
}
