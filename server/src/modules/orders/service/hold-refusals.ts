import type { Db } from '../../../db/client.js';
import { violatedUniqueIndex } from '../../../db/errors.js';
import { DomainError } from '../../../http/errors.js';
import { getSessionForOrdering, isSessionCancelled } from '../../scheduling/index.js';
import type { TicketingVisitor } from '../../visitors/index.js';
import * as repo from '../repo.js';
import { salesClosed } from '../rules.js';
import type { OrdersContext } from './context.js';

/**
 * What a refused hold or pass booking tells the buyer, read only on the failure path: the database's
 * own refusals (a unique index, places blocked by a cancelled session) turned into the domain's codes.
 */

/** The unique index that allows one live ticket per ID number per session. */
const ONE_TICKET_PER_ID = 'order_item_holder_live';

/**
 * SALES_CLOSED when places were unavailable because the session was cancelled meanwhile: cancelling
 * blocks every unit in its own transaction, so a hold after it finds nothing free, and the terms this
 * process keeps may not know yet. Read afresh (the status alone, one query), and only on this failure path.
 */
export async function closedSession(ctx: OrdersContext, error: unknown, sessionId: string): Promise<DomainError | null> {
  if (!(error instanceof DomainError) || (error.code !== 'SEAT_UNAVAILABLE' && error.code !== 'SOLD_OUT')) return null;
  if (!(await isSessionCancelled(ctx.db, sessionId))) return null;
  ctx.sessions.forget(sessionId);
  return salesClosed(await getSessionForOrdering(ctx.db, sessionId), ctx.clock.now());
}

/**
 * VISITOR_ALREADY_HOLDS_TICKET when the one-ticket-per-ID index refused the hold (another order, maybe
 * another customer's, holds a ticket for one of the IDs), naming the visitors whose ID is taken now.
 */
export async function holderConflict(
  db: Db,
  error: unknown,
  sessionId: string,
  holders: readonly TicketingVisitor[],
): Promise<DomainError | null> {
  if (violatedUniqueIndex(error) !== ONE_TICKET_PER_ID) return null;
  const taken = new Set(await repo.findLiveHolderHashes(db, sessionId, holders.map((holder) => holder.idHash)));
  return new DomainError(
    'VISITOR_ALREADY_HOLDS_TICKET',
    'Someone with this ID number already has a ticket for this session',
    { visitorIds: holders.filter((holder) => taken.has(holder.idHash)).map((holder) => holder.id) },
  );
}
