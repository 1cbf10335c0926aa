import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Actor, Portal } from '../../http/actor.js';

const ISSUER = 'boxoffice';

export interface AccessTokenSigner {
  sign(actor: Actor): Promise<string>;
  verify(token: string, portal: Portal): Promise<Actor | null>;
  ttlSeconds: number;
}

/**
 * Access tokens are HS256 JWTs whose audience is the portal, so a customer's token is refused by the
 * merchant and admin scopes. The permissions travel as a hex bitmask (`perm`), the merchant as `mid`.
 */
export function accessTokenSigner(secret: string, ttlSeconds: number, now: () => Date): AccessTokenSigner {
  const key = new TextEncoder().encode(secret);
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
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: portal,
          algorithms: ['HS256'],
          currentDate: now(),
        });
        const perm = typeof payload.perm === 'string' && /^[0-9a-f]{1,32}$/.test(payload.perm) ? payload.perm : '0';
        if (!payload.sub) return null;
        return {
          userId: payload.sub,
          portal,
          permissions: BigInt(`0x${perm}`),
          merchantId: typeof payload.mid === 'string' ? payload.mid : null,
        };
      } catch (error) {
        if (error instanceof joseErrors.JOSEError) return null;
        throw error;
      }
    },
  };
}
