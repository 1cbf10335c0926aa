import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/client.js';
import type { Portal } from '../../../http/actor.js';
import { DomainError } from '../../../http/errors.js';
import type { ModuleDeps } from '../../../app.js';
import '../errors.js';
import { namesOf } from '../permissions.js';
import { claimsFor, type Claims } from '../rules.js';
import { grantsOf, permissionsOf } from '../repo/roles.js';
import { findUserById, type UserRow } from '../repo/users.js';
import {
  findRefreshToken,
  insertRefreshToken,
  markUsed,
  revokeFamily,
  type RefreshTokenRow,
} from '../repo/sessions.js';
import { dateOf } from '../repo/sql.js';
import { newRefreshToken, refreshTokenHash } from '../secrets.js';
import type { Session } from '../schemas.js';
import { userView } from './views.js';

export type SessionDeps = Pick<ModuleDeps, 'config' | 'clock' | 'tokens'>;

/** What a token of `portal` carries for the user now, from their current roles and groups. */
export async function resolveClaims(
  db: Db,
  userId: string,
  portal: Portal,
  merchantId: string | null,
  strict: boolean,
): Promise<Claims> {
  if (portal === 'customer') return claimsFor(portal, [], null, strict);
  const grants = (await grantsOf(db, userId)).map((row) => ({
    scope: row.scope,
    merchantId: row.merchant_id,
    grantedAt: dateOf(row.granted_at),
    permissions: permissionsOf(row),
  }));
  return claimsFor(portal, grants, merchantId, strict);
}

export interface OpenSession {
  portal: Portal;
  /** Merchant portal: the merchant asked for (at sign-in) or chosen before (on refresh). */
  merchantId?: string | null;
  /** Sign-in refuses a merchant the user does not work for; a refresh falls back to another one. */
  strict: boolean;
  /** A rotation continues its family; a sign-in starts one. */
  familyId?: string;
}

/**
 * Issues an access token and a refresh token for an active user, in the caller's transaction.
 * Refuses a disabled account and, for the admin portal, a user without an admin role.
 */
export async function openSession(deps: SessionDeps, db: Db, user: UserRow, options: OpenSession): Promise<Session> {
  if (user.status !== 'active') throw new DomainError('ACCOUNT_DISABLED', 'This account is disabled');
  const claims = await resolveClaims(db, user.id, options.portal, options.merchantId ?? null, options.strict);
  const now = deps.clock.now();
  const refreshToken = newRefreshToken();
  await insertRefreshToken(db, {
    familyId: options.familyId ?? randomUUID(),
    userId: user.id,
    portal: options.portal,
    merchantId: claims.merchantId,
    tokenHash: refreshTokenHash(refreshToken),
    expiresAt: new Date(now.getTime() + deps.config.refreshTokenTtlDays * 86_400_000),
    now,
  });
  const accessToken = await deps.tokens.sign({
    userId: user.id,
    portal: options.portal,
    permissions: claims.permissions,
    merchantId: claims.merchantId,
  });
  return {
    user: userView(user),
    accessToken,
    refreshToken,
    expiresIn: deps.tokens.ttlSeconds,
    portal: options.portal,
    merchantId: claims.merchantId,
    permissions: namesOf(claims.permissions),
  };
}

type Rotation = { kind: 'rotated'; session: Session } | { kind: 'invalid' } | { kind: 'reused' };

const usable = (row: RefreshTokenRow, now: Date): boolean =>
  row.revoked_at === null && dateOf(row.expires_at).getTime() > now.getTime();

/**
 * Rotates a refresh token: the old one is marked used (compare-and-set, so of two parallel rotations
 * one wins) and a new one joins its family, with the claims resolved afresh. A token presented after it
 * was used means it leaked or was replayed: the whole family is revoked, the newest token included.
 */
export async function refreshSession(
  deps: SessionDeps & Pick<ModuleDeps, 'database'>,
  refreshToken: string,
): Promise<Session> {
  const now = deps.clock.now();
  const rotation = await deps.database.db.transaction(async (tx): Promise<Rotation> => {
    const row = await findRefreshToken(tx, refreshTokenHash(refreshToken));
    if (!row || !usable(row, now)) return { kind: 'invalid' };
    if (row.used_at !== null || !(await markUsed(tx, row.id, now))) {
      await revokeFamily(tx, row.family_id, now);
      return { kind: 'reused' };
    }
    const user = await findUserById(tx, row.user_id);
    if (!user) return { kind: 'invalid' };
    const session = await openSession(deps, tx, user, {
      portal: row.portal,
      merchantId: row.merchant_id,
      strict: false,
      familyId: row.family_id,
    });
    return { kind: 'rotated', session };
  });
  if (rotation.kind === 'reused') {
    throw new DomainError('TOKEN_REUSED', 'This refresh token was used before; sign in again');
  }
  if (rotation.kind === 'invalid') throw new DomainError('INVALID_TOKEN', 'The refresh token is not valid; sign in again');
  return rotation.session;
}

/** Signs out: the refresh token's whole family stops working. Unknown tokens change nothing. */
export async function endSession(deps: Pick<ModuleDeps, 'clock' | 'database'>, refreshToken: string): Promise<void> {
  const db = deps.database.db;
  const row = await findRefreshToken(db, refreshTokenHash(refreshToken));
  if (row) await revokeFamily(db, row.family_id, deps.clock.now());
}
