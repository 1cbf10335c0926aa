import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Actor, Portal } from '../../http/actor.js';

const ISSUER = 'boxoffice';

export interface AccessTokenSigner {
  sign(actor: Actor): Promise<string>;
  verify(token: string, portal: Portal): Promise<Actor | null>;
  ttlSeconds: number;
}

/** Verified tokens one process remembers; the oldest goes first. */
const VERIFIED_KEPT = 20_000;

/**
 * Access tokens are HS256 JWTs whose audience is the portal, so a customer's token is refused by the
 * merchant and admin scopes. The permissions travel as a hex bitmask (`perm`), the merchant as `mid`.
 * A token that verified is remembered until it expires: a token says the same thing every time it is
 * checked, and a customer's page sends the same one with every request, so verifying it once per
 * process spares each later request the HMAC (WebCrypto, a promise and a thread hop each).
 */
export function accessTokenSigner(secret: string, ttlSeconds: number, now: () => Date): AccessTokenSigner {
  const key = new TextEncoder().encode(secret);
  const verified = new Map<string, { actor: Actor; expiresAtMs: number }>();
  const remember = (cacheKey: string, actor: Actor, exp: number | undefined) => {
    if (exp === undefined) return;
    if (verified.size >= VERIFIED_KEPT) verified.delete(verified.keys().next().value!);
    verified.set(cacheKey, { actor, expiresAtMs: exp * 1000 });
  };
  return {
    ttlSeconds,
    async sign(actor) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      return new SignJWT({ perm: actor.permissions.toString(16), ...(actor.merchantId ? { mid: actor.merchantId } : {}) })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(ISSUER)
        .setSubject(actor.userId)
        .setAudience(actor.portal)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(key);
    },
    async verify(token, portal) {
      const cacheKey = `${portal} ${token}`;
      const known = verified.get(cacheKey);
      if (known) {
        if (now().getTime() < known.expiresAtMs) return known.actor;
        verified.delete(cacheKey);
      }
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: portal,
          algorithms: ['HS256'],
          currentDate: now(),
        });
        const perm = typeof payload.perm === 'string' && /^[0-9a-f]{1,32}$/.test(payload.perm) ? payload.perm : '0';
        if (!payload.sub) return null;
        const actor: Actor = Object.freeze({
          userId: payload.sub,
          portal,
          permissions: BigInt(`0x${perm}`),
          merchantId: typeof payload.mid === 'string' ? payload.mid : null,
        });
        remember(cacheKey, actor, payload.exp);
        return actor;
      } catch (error) {
        if (error instanceof joseErrors.JOSEError) return null;
        throw error;
      }
    },
  };
}
