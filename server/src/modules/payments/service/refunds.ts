import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../http/errors.js';
import { moneyOf, type Money } from '../../../http/money.js';
import type { RefundActor } from '../index.js';
import * as repo from '../repo.js';
import { retryDelayMs } from '../rules.js';
import { payableOf, type PaymentsContext } from './context.js';

/** How long a claimed refund is left to the process that claimed it before another may try it. */
const REFUND_LEASE_MS = 60_000;
/** Refunds one job run sends at most. */
const REFUND_BATCH = 50;

export interface RefundAnswer {
  refundId: string;
  amount: Money;
  fee: Money;
  /** pending until the provider confirms it (retried by the refund job), then succeeded. */
  status: 'pending' | 'succeeded' | 'failed';
}

/**
 * Refunds part or all of a paid subject, by its payable's rules: in one transaction the payable gives
 * back what it can (tickets, places; its own cut-off and fee) and the refund is recorded against the
 * payment the subject took, never beyond what was paid; the provider is called after the commit (and
 * again by the refund job until it confirms). A subject paid without a payment (an order booked with an
 * annual pass) refunds what it gives back and no money.
 */
export async function refundSubject(
  ctx: PaymentsContext,
  actor: RefundActor,
  input: { kind: string; subjectId: string; ticketIds: string[] | null; reason: string | null },
): Promise<RefundAnswer> {
  const payable = payableOf(ctx, input.kind);
  if (!payable.refund) {
    throw new DomainError('NOTHING_TO_REFUND', `A ${input.kind} cannot be refunded on request`, { reason: 'not-refundable' });
  }
  const refund = payable.refund.bind(payable);
  const now = ctx.clock.now();
  const refundId = randomUUID();
  const done = await ctx.db.transaction(async (tx) => {
    const outcome = await refund(tx, input.subjectId, { actor, ticketIds: input.ticketIds, now });
    const payment = await repo.findAppliedPayment(tx, input.kind, input.subjectId);
    const amount = Math.max(outcome.gross - outcome.fee, 0);
    if (payment) {
      const paid = Number(payment.amount);
      const refunded = await repo.refundedTotal(tx, payment.id);
      if (refunded + amount > paid) {
        throw new DomainError('REFUND_EXCEEDS_PAYMENT', 'A refund never returns more than was paid', {
          paid,
          refunded,
          requested: amount,
        });
      }
    } else if (amount > 0) {
      throw new DomainError('NOTHING_TO_REFUND', 'This was not paid through a payment', { reason: 'not-paid' });
    }
    // Without a payment (booked with an annual pass) the refund gives back tickets and places only.
    await repo.insertRefund(tx, {
      id: refundId,
      paymentId: payment?.id ?? null,
      subjectKind: input.kind,
      subjectId: input.subjectId,
      amount,
      fee: outcome.fee,
      currency: outcome.currency,
      reason: input.reason,
      initiatedBy: actor.by,
      unitIds: outcome.unitIds,
      now,
    });
    return { afterCommit: outcome.afterCommit, currency: outcome.currency, amount, fee: outcome.fee };
  });
  done.afterCommit?.();
  const status = await sendRefund(ctx, refundId);
  return {
    refundId,
    amount: moneyOf(done.amount, done.currency),
    fee: moneyOf(done.fee, done.currency),
    status,
  };
}

/**
 * Sends one pending refund to its provider now, if no other process holds it: claims it with a lease,
 * calls the provider, records the answer; a failure is kept for the refund job to retry with back-off.
 * Answers the refund's status afterwards.
 */
export async function sendRefund(ctx: PaymentsContext, refundId: string): Promise<RefundAnswer['status']> {
  const [claimed] = await repo.claimDueRefunds(ctx.db, ctx.clock.now(), REFUND_LEASE_MS, { limit: 1, refundId });
  if (claimed) await send(ctx, claimed);
  return (await repo.findRefund(ctx.db, refundId))?.status ?? 'pending';
}

async function send(ctx: PaymentsContext, refund: repo.DueRefund): Promise<void> {
  const provider = ctx.providers[refund.provider as keyof PaymentsContext['providers']];
  try {
    if (!provider) throw new Error(`provider ${refund.provider} is not configured any more`);
    const { providerRefundId } = await provider.refund({
      refundId: refund.id,
      paymentId: refund.payment_id,
      providerTradeId: refund.provider_trade_id,
      providerRef: refund.provider_ref,
      amount: Number(refund.amount),
      currency: refund.currency.trim(),
      reason: refund.reason,
    });
    await repo.completeRefund(ctx.db, refund.id, providerRefundId, ctx.clock.now());
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.logger.warn({ err: error, refundId: refund.id, attempts: refund.attempts }, 'refund not sent; will retry');
    await repo.postponeRefund(ctx.db, refund.id, message, new Date(ctx.clock.now().getTime() + retryDelayMs(refund.attempts)));
  }
}

/** The refund job's run: sends every refund that is due (new, or whose last try failed), batch by batch. */
export async function processDueRefunds(ctx: PaymentsContext): Promise<number> {
  let sent = 0;
  for (;;) {
    const batch = await repo.claimDueRefunds(ctx.db, ctx.clock.now(), REFUND_LEASE_MS, { limit: REFUND_BATCH });
    for (const refund of batch) await send(ctx, refund);
    sent += batch.length;
    if (batch.length < REFUND_BATCH) return sent;
  }
}
