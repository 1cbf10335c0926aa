import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../http/actor.js';
import { DomainError, notFound } from '../../../http/errors.js';
import { offsetOf, pageOf, type Page } from '../../../http/pagination.js';
import { getVisitorsForTicketing } from '../../visitors/index.js';
import * as repo from '../repo.js';
import { assertPending, PASS_PAYMENT_MINUTES } from '../rules.js';
import type { BuyPassBody, PassDetailView, PassQuery, PassView } from '../schemas.js';
import type { PassesContext } from './context.js';
import { passDetailView, passView } from './views.js';

/**
 * POST /api/passes: a pending pass of a product on sale for one of the customer's own visitors (another
 * customer's visitor is NOT_FOUND), with the product's terms and the holder copied in. It is paid like
 * an order (POST /api/passes/:id/payments) within PASS_PAYMENT_MINUTES, and becomes active when paid.
 */
export async function buyPass(ctx: PassesContext, actor: Actor, body: BuyPassBody): Promise<PassView> {
  const now = ctx.clock.now();
  const id = randomUUID();
  const row = await ctx.db.transaction(async (tx) => {
    const product = await repo.findProductOnSale(tx, body.productId);
    if (!product) throw notFound('Pass product');
    const [visitor] = await getVisitorsForTicketing(tx, actor.userId, [body.visitorId]);
    await repo.insertPass(tx, {
      id,
      userId: actor.userId,
      product,
      holder: {
        visitorId: visitor!.id,
        name: visitor!.name,
        idType: visitor!.idType,
        idHash: visitor!.idHash,
        idMasked: visitor!.idMasked,
      },
      expiresAt: new Date(now.getTime() + PASS_PAYMENT_MINUTES * 60_000),
      now,
    });
    return repo.findPass(tx, id);
  });
  return passView(row!, now);
}

/** The customer's passes, newest first; `status` as readers see it. */
export async function listPasses(ctx: PassesContext, actor: Actor, query: PassQuery): Promise<Page<PassView>> {
  const now = ctx.clock.now();
  const { rows, total } = await repo.listPasses(ctx.db, actor.userId, {
    status: query.status,
    now,
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  return pageOf(
    rows.map((row) => passView(row, now)),
    total,
    query,
  );
}

/** One of the customer's passes with the days booked with it; another customer's is NOT_FOUND. */
export async function getPass(ctx: PassesContext, actor: Actor, passId: string): Promise<PassDetailView> {
  const row = await repo.findPass(ctx.db, passId, { userId: actor.userId });
  if (!row) throw notFound('Pass');
  return passDetailView(row, await repo.listBookings(ctx.db, passId), ctx.clock.now());
}

/** pending → cancelled by its customer, within the payment window (compare-and-set). */
export async function cancelPass(ctx: PassesContext, actor: Actor, passId: string): Promise<PassDetailView> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    if (await repo.markCancelled(tx, actor.userId, passId, now)) return;
    const row = await repo.findPass(tx, passId, { userId: actor.userId });
    if (!row) throw notFound('Pass');
    assertPending(row.status, new Date(row.expiresAt), now, 'cancelled');
    throw new DomainError('CONFLICT', 'The pass changed meanwhile; read it again');
  });
  return getPass(ctx, actor, passId);
}
