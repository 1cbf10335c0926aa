import type { Db } from '../../../db/client.js';
import { systemClock, type Clock } from '../../../clock.js';
import { DomainError, notFound } from '../../../http/errors.js';
import { blockSessionUnits } from '../../inventory/index.js';
import * as repo from '../repo.js';
import { sessionView, type SessionView } from './views.js';

/**
 * scheduled → cancelled. Every unit goes off sale in the same transaction (held and sold ones too: a
 * cancelled session's places never return to sale), so no hold or payment can succeed afterwards.
 *
 * Hook point for refunding the session's paid orders (the orders module): refunds call payment
 * providers, which never happens inside a transaction, so they run after this commit, driven by the
 * durable record it leaves — `session.status = 'cancelled'` and the sold units, blocked but still
 * naming their orders — which a refund job can resume from after a crash.
 */
export async function cancelSession(
  db: Db,
  merchantId: string,
  sessionId: string,
  clock: Clock = systemClock,
): Promise<SessionView> {
  const now = clock.now();
  await db.transaction(async (tx) => {
    const session = await repo.findSessionForUpdate(tx, merchantId, sessionId);
    if (!session) throw notFound('Session');
    if (!(await repo.markCancelled(tx, session.id, now))) {
      throw new DomainError('SESSION_CANCELLED', 'The session is cancelled already');
    }
    await blockSessionUnits(tx, session.id, now);
  });
  return sessionView(db, (await repo.findSession(db, sessionId))!, now);
}
