import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import type { Portal } from '../../../http/actor.js';

export interface RefreshTokenRow {
  id: string;
  family_id: string;
  user_id: string;
  portal: Portal;
  merchant_id: string | null;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

export async function insertRefreshToken(
  db: Db,
  token: {
    familyId: string;
    userId: string;
    portal: Portal;
    merchantId: string | null;
    tokenHash: string;
    expiresAt: Date;
    now: Date;
  },
): Promise<void> {
  await db.execute(
    sql`insert into refresh_token (family_id, user_id, portal, merchant_id, token_hash, expires_at, created_at)
        values (${token.familyId}, ${token.userId}, ${token.portal}, ${token.merchantId}, ${token.tokenHash},
                ${token.expiresAt.toISOString()}, ${token.now.toISOString()})`,
  );
}

export async function findRefreshToken(db: Db, tokenHash: string): Promise<RefreshTokenRow | null> {
  const [row] = await queryRows<RefreshTokenRow>(
    db,
    sql`select id, family_id, user_id, portal, merchant_id, expires_at, used_at, revoked_at
        from refresh_token where token_hash = ${tokenHash}`,
  );
  return row ?? null;
}

/** Compare-and-set: only one of two parallel rotations of the same token marks it used. */
export async function markUsed(db: Db, id: string, now: Date): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update refresh_token set used_at = ${now.toISOString()}
        where id = ${id} and used_at is null and revoked_at is null returning id`,
  );
  return rows.length === 1;
}

export async function revokeFamily(db: Db, familyId: string, now: Date): Promise<void> {
  await db.execute(
    sql`update refresh_token set revoked_at = ${now.toISOString()} where family_id = ${familyId} and revoked_at is null`,
  );
}

export async function revokeUserFamilies(db: Db, userId: string, now: Date): Promise<void> {
  await db.execute(
    sql`update refresh_token set revoked_at = ${now.toISOString()} where user_id = ${userId} and revoked_at is null`,
  );
}
