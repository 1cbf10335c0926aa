import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import type { Portal } from '../../src/http/actor.js';
import { accessTokenSigner } from '../../src/modules/identity/tokens.js';
import { ADMIN_PERMISSIONS, MERCHANT_PERMISSIONS, maskOf, type Permission } from '../../src/modules/identity/permissions.js';
import type { TestApp } from './app.js';

export interface TestActor {
  userId: string;
  username: string;
  token: string;
  headers: { authorization: string };
}

/**
 * A factory for tests of modules other than identity: a fresh user row and an access token signed by
 * the app's own signer, for one portal. Admins get every admin permission, merchant staff every merchant
 * permission, unless `permissions` says otherwise.
 */
export async function createActor(
  t: TestApp,
  portal: Portal,
  options: { permissions?: Permission[]; merchantId?: string | null; username?: string } = {},
): Promise<TestActor> {
  const username = options.username ?? `u_${randomBytes(5).toString('hex')}`;
  const [user] = await queryRows<{ id: string }>(
    t.deps.database.db,
    sql`insert into app_user (username) values (${username}) returning id`,
  );
  const defaults = portal === 'admin' ? ADMIN_PERMISSIONS : portal === 'merchant' ? MERCHANT_PERMISSIONS : [];
  const signer = accessTokenSigner(t.config.jwtSecret, t.config.accessTokenTtlSeconds, () => t.clock.now());
  const token = await signer.sign({
    userId: user!.id,
    portal,
    permissions: maskOf(options.permissions ?? defaults),
    merchantId: options.merchantId ?? null,
  });
  return { userId: user!.id, username, token, headers: { authorization: `Bearer ${token}` } };
}
