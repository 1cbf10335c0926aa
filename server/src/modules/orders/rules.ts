import { DomainError } from '../../http/errors.js';
import type { Policy, SessionMode, TicketType } from '../scheduling/index.js';
import { DEFAULT_TICKET_TYPE } from '../scheduling/index.js';

/**
 * An order's life:
 *   pending ──pay──> paid ──> completed
 *      │              └──refund──> refunded | partially-refunded
 *      ├──cancel (by the customer, within the hold)──> cancelled
 *      └──the hold passes──> expired
 * A pending order holds its units until `expiresAt`. The hold lapses by itself: readers see `expired`
 * from that instant, a new hold may take the units, and the sweeper writes the status later.
 */
export const ORDER_STATUSES = [
  'pending',
  'paid',
  'completed',
  'cancelled',
  'expired',
  'refunded',
  'partially-refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Orders that are over for the customer: they may hide them from their list. */
export const FINISHED_STATUSES: readonly OrderStatus[] = ['cancelled', 'expired', 'completed', 'refunded'];

/** The status a reader sees: a pending order whose hold has passed is expired, swept or not. */
export function effectiveStatus(status: OrderStatus, expiresAt: Date, now: Date): OrderStatus {
  return status === 'pending' && expiresAt.getTime() <= now.getTime() ? 'expired' : status;
}

/** pending → cancelled: only within the hold. */
export function assertCancellable(status: OrderStatus): void {
  if (status !== 'pending') {
    throw new DomainError('ORDER_NOT_PENDING', `A ${status} order cannot be cancelled`, { status });
  }
}

/** Hiding is for finished orders only: a pending or paid order still matters to its owner. */
export function assertHideable(status: OrderStatus): void {
  if (!FINISHED_STATUSES.includes(status)) {
    throw new DomainError('ORDER_NOT_FINISHED', `A ${status} order cannot be removed from the list`, { status });
  }
}

/** What the sales rules need to know of a session. */
export interface SaleTerms {
  status: 'scheduled' | 'cancelled';
  startsAt: Date;
  policy: Pick<Policy, 'salesOpenAt' | 'salesCloseAt'>;
}

/**
 * SALES_CLOSED when the session does not sell now, else null. A session sells from `salesOpenAt`
 * until `salesCloseAt` or its start, whichever is first, unless cancelled.
 */
export function salesClosed(session: SaleTerms, now: Date): DomainError | null {
  const at = now.getTime();
  const closed = (reason: string, message: string) =>
    new DomainError('SALES_CLOSED', message, {
      reason,
      salesOpenAt: session.policy.salesOpenAt.toISOString(),
      salesCloseAt: session.policy.salesCloseAt.toISOString(),
    });
  if (session.status === 'cancelled') return closed('cancelled', 'The session is cancelled');
  if (at >= session.startsAt.getTime()) return closed('started', 'The session has started');
  if (at < session.policy.salesOpenAt.getTime()) return closed('not-open', 'Sales have not opened yet');
  if (at >= session.policy.salesCloseAt.getTime()) return closed('closed', 'Sales have closed');
  return null;
}

export function assertOnSale(session: SaleTerms, now: Date): void {
  const closed = salesClosed(session, now);
  if (closed) throw closed;
}

/** How the buyer names the places. */
export type PlaceRequest =
  | { kind: 'seats'; seatIds: string[] }
  | { kind: 'best'; quantity: number; category?: string; accessible?: boolean }
  | { kind: 'pool'; tiers: { tierId: string; quantity: number }[] };

export interface PlaceFields {
  seats?: string[] | 'best';
  quantity?: number;
  category?: string;
  accessible?: boolean;
  tiers?: { tierId: string; quantity: number }[];
}

const modeMismatch = (field: string, mode: SessionMode, message: string) =>
  new DomainError('MODE_MISMATCH', message, { field, mode });

/**
 * The places asked for, checked against the session's mode: a seated session takes `seats` (ids, or
 * "best" with `quantity`), tiered and timed-entry sessions take `tiers`. Seat ids are compared in
 * lower case (ids come back from the database so); the same tier twice counts once with both quantities.
 */
export function placeRequestOf(mode: SessionMode, fields: PlaceFields, tierIds: readonly string[]): PlaceRequest {
  if (mode === 'seated') {
    if (fields.tiers !== undefined) throw modeMismatch('tiers', mode, 'A seated session sells seats, not tiers');
    if (fields.seats === undefined) throw modeMismatch('seats', mode, 'Name the seats, or "best" with a quantity');
    if (fields.seats === 'best') {
      if (fields.quantity === undefined) throw modeMismatch('quantity', mode, 'Best available needs a quantity');
      return { kind: 'best', quantity: fields.quantity, category: fields.category, accessible: fields.accessible };
    }
    for (const field of ['quantity', 'category', 'accessible'] as const) {
      if (fields[field] !== undefined) throw modeMismatch(field, mode, `${field} goes with "seats": "best" only`);
    }
    return { kind: 'seats', seatIds: fields.seats.map((id) => id.toLowerCase()) };
  }
  for (const field of ['seats', 'quantity', 'category', 'accessible'] as const) {
    if (fields[field] !== undefined) throw modeMismatch(field, mode, `A ${mode} session sells places of its tiers`);
  }
  if (fields.tiers === undefined) throw modeMismatch('tiers', mode, 'Name the tiers and how many places of each');
  const known = new Set(tierIds.map((id) => id.toLowerCase()));
  const merged = new Map<string, number>();
  for (const tier of fields.tiers) {
    const id = tier.tierId.toLowerCase();
    merged.set(id, (merged.get(id) ?? 0) + tier.quantity);
  }
  const unknown = [...merged.keys()].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new DomainError('TIER_NOT_FOUND', 'Some tiers are not tiers of this session', { tierIds: unknown });
  }
  return { kind: 'pool', tiers: [...merged].map(([tierId, quantity]) => ({ tierId, quantity })) };
}

/** How many places a request asks for. */
export function quantityOf(request: PlaceRequest): number {
  if (request.kind === 'seats') return request.seatIds.length;
  if (request.kind === 'best') return request.quantity;
  return request.tiers.reduce((sum, tier) => sum + tier.quantity, 0);
}

/**
 * The ticket type of each place, in order: the types as listed, each repeated by its quantity; all
 * adult when none are named. Types must be the session's, and their quantities must add up to `count`.
 */
export function ticketTypesOf(
  count: number,
  requested: readonly { type: string; quantity: number }[] | undefined,
  offered: readonly TicketType[],
): TicketType[] {
  const byType = new Map(offered.map((type) => [type.type, type]));
  const wanted = requested ?? [{ type: DEFAULT_TICKET_TYPE, quantity: count }];
  const unknown = [...new Set(wanted.map((entry) => entry.type))].filter((type) => !byType.has(type));
  if (unknown.length > 0) {
    throw new DomainError('UNKNOWN_TICKET_TYPE', `This session does not sell ${unknown.join(', ')} tickets`, {
      types: unknown,
      offered: offered.map((type) => type.type),
    });
  }
  const given = wanted.reduce((sum, entry) => sum + entry.quantity, 0);
  if (given !== count) {
    throw new DomainError('TICKET_COUNT_MISMATCH', `Ticket types add up to ${given}, but ${count} places are asked for`, {
      expected: count,
      given,
    });
  }
  return wanted.flatMap((entry) => Array.from({ length: entry.quantity }, () => byType.get(entry.type)!));
}

/**
 * The price of one place: timed-entry sessions price each ticket type outright; seated and tiered
 * sessions take the type's discount off the unit's own price, never below zero.
 */
export function priceOf(mode: SessionMode, unitPrice: number, type: TicketType): number {
  if (mode === 'timed-entry' && type.price !== null) return type.price;
  return Math.max(unitPrice - (type.discount ?? 0), 0);
}

/** What a customer already has of a session: live orders and the places in them. */
export interface HeldByCustomer {
  orders: number;
  tickets: number;
}

/**
 * The most a customer may already hold for an order of `requested` places to pass the session's
 * rules: at most `maxTicketsPerUser` places in all, and no other live order under one-order-per-user.
 * The hold checks the counts against these inside its transaction, under the customer's lock.
 */
export function priorLimits(policy: Pick<Policy, 'maxTicketsPerUser' | 'oneOrderPerUser'>, requested: number) {
  return {
    maxPriorTickets: policy.maxTicketsPerUser - requested,
    maxPriorOrders: policy.oneOrderPerUser ? 0 : Number.MAX_SAFE_INTEGER,
  };
}

/** LIMIT_EXCEEDED, or null when an order of `requested` places passes the per-customer rules. */
export function limitViolation(
  policy: Pick<Policy, 'maxTicketsPerUser' | 'oneOrderPerUser'>,
  prior: HeldByCustomer,
  requested: number,
): DomainError | null {
  const { maxPriorTickets, maxPriorOrders } = priorLimits(policy, requested);
  if (prior.orders > maxPriorOrders) {
    return new DomainError('LIMIT_EXCEEDED', 'One order per customer for this session: you have one already', {
      rule: 'one-order',
      orders: prior.orders,
    });
  }
  if (prior.tickets > maxPriorTickets) {
    return new DomainError(
      'LIMIT_EXCEEDED',
      `At most ${policy.maxTicketsPerUser} tickets per customer for this session`,
      { rule: 'max-tickets', maxTicketsPerUser: policy.maxTicketsPerUser, alreadyHeld: prior.tickets, requested },
    );
  }
  return null;
}
