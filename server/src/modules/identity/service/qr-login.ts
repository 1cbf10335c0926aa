import { DomainError, notFound } from '../../../http/errors.js';
import type { Actor } from '../../../http/actor.js';
import type { ModuleDeps } from '../../../app.js';
import '../errors.js';
import { QR_LOGIN_TTL_SECONDS, qrLoginStatus } from '../rules.js';
import { confirmQrLogin, consumeQrLogin, findQrLogin, insertQrLogin } from '../repo/qr-logins.js';
import { findUserById } from '../repo/users.js';
import { dateOf, dateOrNull, iso } from '../repo/sql.js';
import type { QrLoginCreated, QrLoginPoll } from '../schemas.js';
import { openSession } from './sessions.js';

export const qrContentOf = (id: string): string => `boxoffice:qr-login:${id}`;

/** A browser asks to be signed in by a phone: it shows `qrContent` as a QR code and polls the request. */
export async function createQrLogin(deps: Pick<ModuleDeps, 'database' | 'clock'>): Promise<QrLoginCreated> {
  const now = deps.clock.now();
  const row = await insertQrLogin(deps.database.db, {
    expiresAt: new Date(now.getTime() + QR_LOGIN_TTL_SECONDS * 1000),
    now,
  });
  return { id: row.id, qrContent: qrContentOf(row.id), expiresAt: iso(row.expires_at) };
}

/** A signed-in customer's phone approves the request: pending -> confirmed, once, while it is alive. */
export async function approveQrLogin(deps: ModuleDeps, actor: Actor, id: string): Promise<{ status: 'confirmed' }> {
  const db = deps.database.db;
  const now = deps.clock.now();
  const user = await findUserById(db, actor.userId);
  if (!user) throw notFound('User');
  if (user.status !== 'active') throw new DomainError('ACCOUNT_DISABLED', 'This account is disabled');
  if (await confirmQrLogin(db, id, actor.userId, now)) return { status: 'confirmed' };
  const request = await findQrLogin(db, id);
  if (!request) throw notFound('QR login request');
  if (request.status === 'pending' || request.status === 'expired') {
    throw new DomainError('QR_LOGIN_EXPIRED', 'This QR code has expired; refresh it in the browser');
  }
  throw new DomainError('QR_LOGIN_ALREADY_CONFIRMED', 'This QR code was approved already');
}

/**
 * The browser's poll. The first poll after approval takes customer-portal tokens and uses the request
 * up (compare-and-set, so two polls never both get tokens); later polls see it expired.
 */
export async function pollQrLogin(deps: ModuleDeps, id: string): Promise<QrLoginPoll> {
  const db = deps.database.db;
  const now = deps.clock.now();
  const request = await findQrLogin(db, id);
  if (!request) throw notFound('QR login request');
  const status = qrLoginStatus(
    { status: request.status, expiresAt: dateOf(request.expires_at), confirmedAt: dateOrNull(request.confirmed_at) },
    now,
  );
  if (status !== 'confirmed') return { status };
  const session = await db.transaction(async (tx) => {
    const userId = await consumeQrLogin(tx, id, new Date(now.getTime() - QR_LOGIN_TTL_SECONDS * 1000), now);
    const user = userId ? await findUserById(tx, userId) : null;
    return user && openSession(deps, tx, user, { portal: 'customer', strict: true });
  });
  if (!session) return { status: 'expired' };
  return {
    status: 'confirmed',
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    expiresIn: session.expiresIn,
  };
}
