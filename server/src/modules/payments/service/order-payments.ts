import type { Actor } from '../../../http/actor.js';
import { merchantIdOf } from '../../../http/actor.js';
import { assertPermission } from '../../identity/index.js';
import type { ProviderName } from '../rules.js';
import type { PaymentsContext } from './context.js';
import { refundSubject, type RefundAnswer } from './refunds.js';
import { startPayment } from './start-payment.js';

/** The kind of subject an order is, to the payments module. */
export const ORDER_KIND = 'order';

/** POST /api/orders/:id/payments: the customer's own pending order. */
export function startOrderPayment(ctx: PaymentsContext, actor: Actor, orderId: string, provider: ProviderName) {
  return startPayment(ctx, actor, { kind: ORDER_KIND, subjectId: orderId, provider });
}

/** POST /api/orders/:id/refunds: the customer's own paid order, within the session's refund cut-off. */
export function refundOwnOrder(
  ctx: PaymentsContext,
  actor: Actor,
  orderId: string,
  body: { ticketIds?: string[]; reason?: string },
): Promise<RefundAnswer> {
  return refundSubject(
    ctx,
    { by: 'customer', userId: actor.userId },
    { kind: ORDER_KIND, subjectId: orderId, ticketIds: body.ticketIds ?? null, reason: body.reason ?? null },
  );
}

/**
 * POST /api/merchant/orders/:id/refunds: an order of the merchant's own sessions, whatever the cut-off
 * (the box office decides); needs merchant.refunds.manage. Another merchant's order is NOT_FOUND.
 */
export function refundMerchantOrder(
  ctx: PaymentsContext,
  actor: Actor,
  orderId: string,
  body: { ticketIds?: string[]; reason?: string },
): Promise<RefundAnswer> {
  const merchantId = merchantIdOf(actor);
  assertPermission(actor, 'merchant.refunds.manage');
  return refundSubject(
    ctx,
    { by: 'merchant', merchantId },
    { kind: ORDER_KIND, subjectId: orderId, ticketIds: body.ticketIds ?? null, reason: body.reason ?? null },
  );
}
