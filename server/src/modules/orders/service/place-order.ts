import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/client.js';
import type { Actor } from '../../../http/actor.js';
import { DomainError } from '../../../http/errors.js';
import { moneyOf } from '../../../http/money.js';
import {
  holdBusyFor,
  holdUnitsSql,
  lockBestSeats,
  lockPoolPlaces,
  lockRequestedSeats,
  precheckRequestedSeats,
  publishReleased,
  type Gate,
  type LockedUnit,
  type ReleasedUnits,
} from '../../inventory/index.js';
import type { SessionForOrdering, TicketType } from '../../scheduling/index.js';
import { getVisitorsForTicketing, type TicketingVisitor } from '../../visitors/index.js';
import * as repo from '../repo.js';
import {
  assertOnSale,
  limitViolation,
  placeRequestOf,
  priceOf,
  priorLimits,
  quantityOf,
  ticketTypesOf,
  type PlaceRequest,
} from '../rules.js';
import type { HeldOrderView, OrderItemView, PlaceOrderBody } from '../schemas.js';
import { bookWithPass } from './book-with-pass.js';
import type { OrdersContext } from './context.js';
import { expireOrders } from './expire-orders.js';
import { closedSession, holderConflict } from './hold-refusals.js';

/** Everything a hold decides before its transaction. */
interface HoldPlan {
  orderId: string;
  userId: string;
  session: SessionForOrdering;
  request: PlaceRequest;
  types: TicketType[];
  visitorIds: string[];
  contact: { name: string; phone: string } | null;
  now: Date;
  expiresAt: Date;
}

/** What a hold changed besides its own units: places of lapsed orders it expired (real-name sessions). */
interface HoldSideEffects {
  holders: TicketingVisitor[];
  released: ReleasedUnits;
}

/**
 * POST /api/orders: holds the places asked for and prices them, all or nothing, in one transaction of
 * two statements (named seats and tiers; a few more for best available and real-name sessions):
 * 1. the customer's lock for the session (their orders for it run one at a time), taken in the same
 *    statement that locks the units: named seats in id order, read with the rows around them for the
 *    seat rules; pool places with `skip locked`, so buyers never queue on one row; best-available
 *    seats picked and locked the same way. Each unit must be free or its hold lapsed.
 *    (Real-name sessions read and lock the holders' visitors in between.)
 * 2. one statement that counts what the customer holds already, writes the order only when the rules
 *    pass, marks the units held (compare-and-set) and writes the items.
 * Named seats are first judged by the seat rules from one unlocked read, so the many attempts of a
 * rush that would fail anyway never open a transaction. After the commit, the seat maps hear of it.
 * Prices come from the units and the session's ticket types, never from the client.
 */
export async function placeOrder(ctx: OrdersContext, actor: Actor, body: PlaceOrderBody): Promise<HeldOrderView> {
  if (body.passId !== undefined) return bookWithPass(ctx, actor, body.passId, body);
  const now = ctx.clock.now();
  const session = await ctx.sessions.get(body.sessionId, now);
  assertOnSale(session, now);
  const request = placeRequestOf(session.mode, body, session.tiers.map((tier) => tier.id));
  const quantity = quantityOf(request);
  const types = ticketTypesOf(quantity, body.ticketTypes, session.ticketTypes);
  const alone = limitViolation(session.policy, { orders: 0, tickets: 0 }, quantity);
  if (alone) throw alone;
  const visitorIds = holderIdsOf(session, body.visitorIds, quantity);
  if (request.kind === 'seats') await precheckRequestedSeats(ctx.db, session.id, request.seatIds, now);
  const plan: HoldPlan = {
    orderId: randomUUID(),
    userId: actor.userId,
    session,
    request,
    types,
    visitorIds,
    contact: body.contact ? { name: body.contact.name.trim(), phone: body.contact.phone } : null,
    now,
    expiresAt: new Date(now.getTime() + session.policy.holdMinutes * 60_000),
  };
  const effects: HoldSideEffects = { holders: [], released: new Map() };
  let order: HeldOrderView;
  try {
    order = await ctx.db.transaction((tx) => hold(tx, plan, effects));
  } catch (error) {
    throw (
      holdBusyFor(error) ??
      (await holderConflict(ctx.db, error, session.id, effects.holders)) ??
      (await closedSession(ctx, error, session.id)) ??
      error
    );
  }
  ctx.publisher.changed(session.id, order.items.map((item) => item.unitId));
  publishReleased(ctx.publisher, effects.released);
  return order;
}

/** Real-name sessions name one visitor per place; other sessions take none. */
function holderIdsOf(session: SessionForOrdering, visitorIds: string[] | undefined, quantity: number): string[] {
  if (!session.policy.realName) {
    if (visitorIds !== undefined) {
      throw new DomainError('MODE_MISMATCH', 'This session does not sell real-name tickets: leave out visitorIds', {
        field: 'visitorIds',
        mode: session.mode,
      });
    }
    return [];
  }
  const given = visitorIds?.length ?? 0;
  if (given !== quantity) {
    throw new DomainError('VISITOR_REQUIRED', 'This session sells real-name tickets: name one visitor per ticket', {
      required: quantity,
      given,
    });
  }
  return visitorIds!;
}

async function hold(tx: Db, plan: HoldPlan, effects: HoldSideEffects): Promise<HeldOrderView> {
  const { session, now } = plan;
  const holders = effects.holders;
  let gate: Gate = repo.customerGate(plan.userId, session.id);
  if (plan.visitorIds.length > 0) {
    await repo.runGate(tx, gate);
    gate = undefined;
    holders.push(...(await prepareHolders(tx, plan, effects.released)));
  }

  const units = await lockUnits(tx, session.id, plan.request, now, gate);
  const items = units.map((unit, index) => itemOf(unit, index, plan, holders[index]));
  const limits = priorLimits(session.policy, units.length);
  const inserted = await repo.insertHeldOrder(
    tx,
    {
      id: plan.orderId,
      userId: plan.userId,
      sessionId: session.id,
      merchantId: session.merchantId,
      productionId: session.productionId,
      currency: session.currency,
      totalAmount: items.reduce((sum, item) => sum + item.price, 0),
      expiresAt: plan.expiresAt,
      contactName: plan.contact?.name ?? null,
      contactPhone: plan.contact?.phone ?? null,
      now,
      items,
      ...limits,
    },
    (onlyIf) =>
      holdUnitsSql(
        { sessionId: session.id, unitIds: units.map((unit) => unit.id), orderId: plan.orderId, heldUntil: plan.expiresAt, now },
        onlyIf,
      ),
  );
  const violation = limitViolation(session.policy, inserted, units.length);
  if (violation) throw violation;
  if (inserted.held !== units.length) {
    // The units were locked and found free above, so the compare-and-set cannot miss; if it ever did,
    // nothing is kept (the transaction rolls back) and the buyer hears the seats are gone.
    throw new DomainError('SEAT_UNAVAILABLE', 'Some places were taken meanwhile', { seatIds: [] });
  }
  return heldView(plan, items);
}

/**
 * The visitors named, in order (each a live visitor of the customer, locked against deletion until the
 * hold ends), after expiring lapsed pending orders that still keep one of their ID numbers: those no
 * longer hold anything, but their items would trip the one-ticket-per-ID index.
 */
async function prepareHolders(tx: Db, plan: HoldPlan, released: ReleasedUnits): Promise<TicketingVisitor[]> {
  const visitors = await getVisitorsForTicketing(tx, plan.userId, plan.visitorIds);
  const hashes = visitors.map((visitor) => visitor.idHash);
  const lapsed = await repo.lockLapsedHoldersOf(tx, plan.session.id, hashes, plan.now);
  if (lapsed.length > 0) {
    for (const [sessionId, unitIds] of await expireOrders(tx, lapsed, plan.now, { skipLocked: true })) {
      released.set(sessionId, [...(released.get(sessionId) ?? []), ...unitIds]);
    }
  }
  return visitors;
}

/** The units of the request, locked; `gate` runs ahead of the first lock, in the same statement. */
async function lockUnits(
  tx: Db,
  sessionId: string,
  request: PlaceRequest,
  now: Date,
  gate: Gate,
): Promise<LockedUnit[]> {
  if (request.kind === 'seats') return lockRequestedSeats(tx, sessionId, request.seatIds, now, gate);
  if (request.kind === 'best') {
    const options = { category: request.category, accessible: request.accessible };
    return lockBestSeats(tx, sessionId, request.quantity, options, now, gate);
  }
  const units: LockedUnit[] = [];
  for (const [index, tier] of request.tiers.entries()) {
    units.push(...(await lockPoolPlaces(tx, sessionId, tier.tierId, tier.quantity, now, index === 0 ? gate : undefined)));
  }
  return units;
}

function itemOf(unit: LockedUnit, index: number, plan: HoldPlan, holder: TicketingVisitor | undefined): repo.NewItem {
  const type = plan.types[index]!;
  return {
    unit_id: unit.id,
    position: index + 1,
    tier_id: unit.tierId,
    seat_label: unit.seatLabel,
    ticket_type: type.type,
    price: priceOf(plan.session.mode, unit.price, type),
    visitor_id: holder?.id ?? null,
    holder_name: holder?.name ?? null,
    holder_id_type: holder?.idType ?? null,
    holder_id_hash: holder?.idHash ?? null,
    holder_id_masked: holder?.idMasked ?? null,
  };
}

function heldView(plan: HoldPlan, items: repo.NewItem[]): HeldOrderView {
  const { currency } = plan.session;
  const tierNames = new Map(plan.session.tiers.map((tier) => [tier.id, tier.name]));
  return {
    id: plan.orderId,
    status: 'pending',
    sessionId: plan.session.id,
    createdAt: plan.now.toISOString(),
    expiresAt: plan.expiresAt.toISOString(),
    total: moneyOf(
      items.reduce((sum, item) => sum + item.price, 0),
      currency,
    ),
    items: items.map(
      (item): OrderItemView => ({
        unitId: item.unit_id,
        ...(item.tier_id === null
          ? { seatId: item.unit_id, ...(item.seat_label !== null ? { seatLabel: item.seat_label } : {}) }
          : { tierId: item.tier_id, tierName: tierNames.get(item.tier_id) ?? '' }),
        type: item.ticket_type,
        price: moneyOf(item.price, currency),
        ...(item.visitor_id !== null
          ? {
              holder: {
                visitorId: item.visitor_id,
                name: item.holder_name!,
                idType: item.holder_id_type!,
                idNumber: item.holder_id_masked!,
              },
            }
          : {}),
      }),
    ),
  };
}
