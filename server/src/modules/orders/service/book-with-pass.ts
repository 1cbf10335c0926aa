import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/client.js';
import type { Actor } from '../../../http/actor.js';
import { DomainError } from '../../../http/errors.js';
import { moneyOf } from '../../../http/money.js';
import { holdBusyFor, holdUnitsSql, lockPoolPlaces, sellOrderUnits } from '../../inventory/index.js';
import { bookPassDay, type PassHolder } from '../../passes/index.js';
import { DEFAULT_TICKET_TYPE, type SessionForOrdering } from '../../scheduling/index.js';
import { issueTickets } from '../../tickets/index.js';
import * as paid from '../paid-repo.js';
import * as repo from '../repo.js';
import { assertOnSale, limitViolation, placeRequestOf, priorLimits, quantityOf } from '../rules.js';
import type { HeldOrderView, PlaceOrderBody } from '../schemas.js';
import type { OrdersContext } from './context.js';
import { ticketOrderOf } from './ticketing.js';
import { closedSession, holderConflict } from './hold-refusals.js';

/**
 * POST /api/orders with `passId`: one place of a timed-entry session, booked with the customer's annual
 * pass instead of paid for. In one transaction, under the customer's lock for the session (as a hold):
 * the pass books the session's local day (the passes module: active that day, its venue and production,
 * an entry left, one booking per day, decided by a key even for parallel requests), one place of the
 * day's quota is taken through the hold path (so it counts against the quota and the session's
 * per-customer rules), and the order is written paid at 0 with the pass's visitor as the holder, its
 * place sold and its ticket issued. Refusals change nothing.
 */
export async function bookWithPass(
  ctx: OrdersContext,
  actor: Actor,
  passId: string,
  body: PlaceOrderBody,
): Promise<HeldOrderView> {
  const now = ctx.clock.now();
  const session = await ctx.sessions.get(body.sessionId, now);
  assertOnSale(session, now);
  const request = placeRequestOf(session.mode, body, session.tiers.map((tier) => tier.id));
  if (request.kind !== 'pool' || quantityOf(request) !== 1 || body.ticketTypes !== undefined || body.visitorIds !== undefined) {
    throw new DomainError('PASS_ONE_PLACE', 'A pass books one place for its holder: a tier with quantity 1, nothing else');
  }
  const tierId = request.tiers[0]!.tierId;
  const orderId = randomUUID();
  let holder: PassHolder | null = null;
  try {
    const order = await ctx.db.transaction(async (tx) => {
      await repo.runGate(tx, repo.customerGate(actor.userId, session.id));
      holder = await bookPassDay(tx, { passId, userId: actor.userId, orderId, session, now });
      return writePaidOrder(tx, { orderId, userId: actor.userId, session, tierId, holder, contact: body.contact, now });
    });
    ctx.publisher.changed(session.id, order.items.map((item) => item.unitId));
    return order;
  } catch (error) {
    throw (
      holdBusyFor(error) ??
      (await holderConflict(ctx.db, error, session.id, holder ? [visitorOf(holder)] : [])) ??
      (await closedSession(ctx, error, session.id)) ??
      error
    );
  }
}

interface PaidOrderPlan {
  orderId: string;
  userId: string;
  session: SessionForOrdering;
  tierId: string;
  holder: PassHolder;
  contact: PlaceOrderBody['contact'];
  now: Date;
}

const visitorOf = (holder: PassHolder) => ({
  id: holder.visitorId,
  name: holder.name,
  idType: holder.idType,
  idHash: holder.idHash,
  idMasked: holder.idMasked,
});

/**
 * The place, held through the hold's own statement (quota, per-customer rules, the one-ticket-per-ID
 * index), then sold at once and the order marked paid, with its ticket issued.
 */
async function writePaidOrder(tx: Db, plan: PaidOrderPlan): Promise<HeldOrderView> {
  const { session, holder, now } = plan;
  const [unit] = await lockPoolPlaces(tx, session.id, plan.tierId, 1, now);
  const item: repo.NewItem = {
    unit_id: unit!.id,
    position: 1,
    tier_id: plan.tierId,
    seat_label: null,
    ticket_type: DEFAULT_TICKET_TYPE,
    price: 0,
    visitor_id: holder.visitorId,
    holder_name: holder.name,
    holder_id_type: holder.idType,
    holder_id_hash: holder.idHash,
    holder_id_masked: holder.idMasked,
  };
  const inserted = await repo.insertHeldOrder(
    tx,
    {
      id: plan.orderId,
      userId: plan.userId,
      sessionId: session.id,
      merchantId: session.merchantId,
      productionId: session.productionId,
      currency: session.currency,
      totalAmount: 0,
      // Paid on the spot: the hold ends as it begins.
      expiresAt: now,
      contactName: plan.contact?.name.trim() ?? null,
      contactPhone: plan.contact?.phone ?? null,
      now,
      items: [item],
      ...priorLimits(session.policy, 1),
    },
    (onlyIf) => holdUnitsSql({ sessionId: session.id, unitIds: [unit!.id], orderId: plan.orderId, heldUntil: now, now }, onlyIf),
  );
  const violation = limitViolation(session.policy, inserted, 1);
  if (violation) throw violation;
  if (inserted.held !== 1 || (await sellOrderUnits(tx, plan.orderId, [unit!.id], now)) !== 'sold') {
    throw new DomainError('SOLD_OUT', 'The place was taken meanwhile', { tierId: plan.tierId, available: 0, requested: 1 });
  }
  if (!(await paid.markPaid(tx, plan.orderId, now))) throw new DomainError('CONFLICT', 'The order changed meanwhile');
  const order = { id: plan.orderId, user_id: plan.userId, session_id: session.id, merchant_id: session.merchantId, currency: session.currency };
  await issueTickets(tx, ticketOrderOf(order, [item], holder.entriesPerDay), now);
  const tier = session.tiers.find((candidate) => candidate.id === plan.tierId);
  return {
    id: plan.orderId,
    status: 'paid',
    sessionId: session.id,
    createdAt: now.toISOString(),
    expiresAt: now.toISOString(),
    total: moneyOf(0, session.currency),
    items: [
      {
        unitId: item.unit_id,
        tierId: plan.tierId,
        tierName: tier?.name ?? '',
        type: item.ticket_type,
        price: moneyOf(0, session.currency),
        holder: { visitorId: holder.visitorId, name: holder.name, idType: holder.idType, idNumber: holder.idMasked },
      },
    ],
  };
}
