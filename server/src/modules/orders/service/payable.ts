import type { ModuleDeps } from '../../../app.js';
import type { Db } from '../../../db/client.js';
import { DomainError, notFound } from '../../../http/errors.js';
import {
  extendOrderHold,
  freeRefundedUnits,
  seatChangePublisher,
  sellOrderUnits,
  type SeatChangePublisher,
} from '../../inventory/index.js';
import type { PaidOutcome, Payable, RefundOutcome, RefundRequest } from '../../payments/index.js';
import { releasePassDay } from '../../passes/index.js';
import { getSessionSchedule } from '../../scheduling/index.js';
import { findTicketsOfOrder, issueTickets, refundTickets } from '../../tickets/index.js';
import * as paid from '../paid-repo.js';
import { ticketOrderOf } from './ticketing.js';
import { effectiveStatus } from '../rules.js';

/** Refund fees round down, in the customer's favour. */
const feeOf = (gross: number, percent: number) => Math.floor((gross * percent) / 100);

const ownerOf = (actor: RefundRequest['actor']): paid.OrderOwner =>
  actor.by === 'customer' ? { userId: actor.userId } : actor.by === 'merchant' ? { merchantId: actor.merchantId } : null;

/**
 * Orders as the payments module pays and refunds them (kind 'order'). Every function runs in the
 * payments service's transaction and starts by locking the order row, so a payment, a refund, a cancel
 * and the sweeper's expiry of one order take turns.
 */
export function orderPayable(deps: Pick<ModuleDeps, 'database' | 'clock' | 'logger'>): Payable {
  const publisher: SeatChangePublisher = seatChangePublisher(deps.database.db, deps.clock, deps.logger);
  return {
    /** The customer's pending order within its hold; ORDER_NOT_PENDING otherwise (status in details). */
    async forPayment(tx, orderId, userId, now) {
      const order = await paid.lockOrder(tx, orderId, { userId });
      if (!order) throw notFound('Order');
      const status = effectiveStatus(order.status, new Date(order.expires_at), now);
      if (status !== 'pending') {
        throw new DomainError('ORDER_NOT_PENDING', `A ${status} order cannot be paid`, { status });
      }
      return {
        userId: order.user_id,
        amount: Number(order.total_amount),
        currency: order.currency.trim(),
        title: `${order.title} × ${order.ticket_count}`,
        payableUntil: new Date(order.expires_at),
      };
    },

    async extendHold(tx, orderId, until) {
      const now = deps.clock.now();
      await paid.extendExpiry(tx, orderId, until, now);
      await extendOrderHold(tx, orderId, until, now);
    },

    /**
     * pending (or expired: a late payment) → paid, with its units sold and its tickets issued, when every
     * place is still the order's or free again. A cancelled or already paid order, a place sold or
     * blocked since, or (real-name) an ID that holds another ticket by now: 'unavailable', nothing changed.
     */
    async onPaid(tx, orderId, _payment, now): Promise<PaidOutcome> {
      const order = await paid.lockOrder(tx, orderId, null);
      if (!order || (order.status !== 'pending' && order.status !== 'expired')) return { result: 'unavailable' };
      const items = await paid.itemsOf(tx, orderId);
      const unitIds = items.map((item) => item.unit_id);
      const hashes = items.flatMap((item) => (item.holder_id_hash === null ? [] : [item.holder_id_hash]));
      if (order.status === 'expired' && (await paid.holdersTakenElsewhere(tx, order.session_id, orderId, hashes))) {
        return { result: 'unavailable' };
      }
      if ((await sellOrderUnits(tx, orderId, unitIds, now)) === 'unavailable') return { result: 'unavailable' };
      if (!(await paid.markPaid(tx, orderId, now))) throw new DomainError('CONFLICT', 'The order changed meanwhile');
      await issueTickets(tx, ticketOrderOf(order, items), now);
      return { result: 'applied', afterCommit: () => publisher.changed(order.session_id, unitIds) };
    },

    /**
     * Refunds tickets of a paid order: the customer's own before the session's cut-off (REFUND_CLOSED
     * after), a merchant's any time, the platform's (a cancelled session) in full and without a fee.
     * The tickets become refunded (the tickets module refuses used ones: TICKET_USED), their places go
     * from sold back to free exactly once (a cancelled session's stay blocked), the order becomes
     * refunded or partially-refunded, and a day booked with an annual pass goes back to the pass.
     */
    async refund(tx: Db, orderId: string, request: RefundRequest): Promise<RefundOutcome> {
      const { now, actor } = request;
      const order = await paid.lockOrder(tx, orderId, ownerOf(actor));
      if (!order) throw notFound('Order');
      if (order.status !== 'paid' && order.status !== 'partially-refunded') {
        throw new DomainError('ORDER_NOT_PAID', `A ${order.status} order cannot be refunded`, { status: order.status });
      }
      const session = await getSessionSchedule(tx, order.session_id);
      const cancelled = session.status === 'cancelled';
      const cutoffAt = new Date(session.startsAt.getTime() - session.policy.refundCutoffMinutes * 60_000);
      if (actor.by === 'customer' && !cancelled && now.getTime() >= cutoffAt.getTime()) {
        throw new DomainError('REFUND_CLOSED', 'Refunds for this session have closed', { cutoffAt: cutoffAt.toISOString() });
      }
      // Without a list: every ticket still valid (one used at the door stays as it is).
      const chosen =
        request.ticketIds ??
        (await findTicketsOfOrder(tx, orderId)).filter((ticket) => ticket.status === 'valid').map((ticket) => ticket.id);
      const tickets = chosen.length === 0 ? [] : await refundTickets(tx, orderId, chosen, now);
      if (tickets.length === 0) {
        throw new DomainError('NOTHING_TO_REFUND', 'These tickets are refunded already', { reason: 'already-refunded' });
      }
      const unitIds = tickets.map((ticket) => ticket.unitId);
      const freed = await freeRefundedUnits(tx, orderId, unitIds, now);
      if (!cancelled && freed.length !== unitIds.length) {
        throw new DomainError('CONFLICT', 'The places of these tickets changed meanwhile');
      }
      await paid.markRefunded(tx, orderId, unitIds, now);
      await releasePassDay(tx, orderId, now);
      const gross = tickets.reduce((sum, ticket) => sum + ticket.price, 0);
      const fee = actor.by === 'system' || cancelled ? 0 : feeOf(gross, session.policy.refundFeePercent);
      return {
        gross,
        fee,
        currency: order.currency.trim(),
        unitIds,
        afterCommit: () => publisher.changed(order.session_id, freed),
      };
    },

    close: () => publisher.close(),
  };
}

/** Paid orders of cancelled sessions with tickets still to refund, after `after` in id order: the cancellation job's work. */
export function listRefundableOrdersOfCancelledSessions(db: Db, after: string | null, limit: number): Promise<string[]> {
  return paid.listRefundableOfCancelledSessions(db, after, limit);
}
