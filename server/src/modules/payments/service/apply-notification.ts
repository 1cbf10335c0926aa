import { randomUUID } from 'node:crypto';
import type { NotificationInput, ProviderReport } from '../providers/types.js';
import * as repo from '../repo.js';
import { payableOf, providerOf, type PaymentsContext } from './context.js';
import { sendRefund } from './refunds.js';

/** What a provider's notify endpoint answers: `success` stops its retries. */
export type NotifyAnswer = 'success' | 'failure';

/** Why the late payment of a subject that could not take it any more is refunded. */
export const UNAVAILABLE_REASON = 'paid after the hold ended and the places were no longer available';

/**
 * A provider's notification, end to end: stored raw in the inbox first, then verified (a bad signature
 * answers `failure` and changes nothing), then applied at most once by `applyReport`. The judgement is
 * written back on the inbox row.
 */
export async function applyNotification(
  ctx: PaymentsContext,
  providerName: string,
  input: NotificationInput,
  rawBody: string,
): Promise<NotifyAnswer> {
  const provider = providerOf(ctx, providerName);
  const notificationId = await repo.insertNotification(ctx.db, {
    provider: provider.name,
    rawBody,
    signature: input.kind === 'raw' ? input.signature : (input.fields.sign ?? null),
    now: ctx.clock.now(),
  });
  const verified = await provider.verifyNotification(input);
  if (!verified) {
    await repo.judgeNotification(ctx.db, notificationId, {
      verified: false,
      outcome: 'bad-signature',
      paymentId: null,
      tradeId: null,
    });
    return 'failure';
  }
  if (verified.kind === 'irrelevant') {
    await repo.judgeNotification(ctx.db, notificationId, { verified: true, outcome: 'ignored', paymentId: null, tradeId: null });
    return 'success';
  }
  const applied = await applyReport(ctx, provider.name, verified.report);
  await repo.judgeNotification(ctx.db, notificationId, {
    verified: true,
    outcome: applied.outcome,
    paymentId: applied.known ? verified.report.paymentId : null,
    tradeId: verified.report.tradeId,
  });
  return applied.answer;
}

interface Applied {
  outcome: 'applied' | 'refund-due' | 'duplicate' | 'conflict' | 'amount-mismatch' | 'unknown-payment' | 'ignored';
  answer: NotifyAnswer;
  known: boolean;
}

interface AfterApply {
  afterCommit?: () => void;
  /** The full refund queued for a payment its subject could not take. */
  refundId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Applies what a provider reports about one of our payments, exactly once: under the payment's row
 * lock, pending → paid (compare-and-set), then the subject takes it (`onPaid`) in the same transaction;
 * a subject that cannot take it any more gets a full refund queued there too, sent after the commit.
 * A payment paid before answers `duplicate` (or `conflict` for another trade: kept, flagged), a wrong
 * amount is flagged and never applied, a report that is not a payment is ignored.
 */
export async function applyReport(ctx: PaymentsContext, provider: string, report: ProviderReport): Promise<Applied> {
  if (!UUID.test(report.paymentId)) return { outcome: 'unknown-payment', answer: 'failure', known: false };
  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx): Promise<Applied & AfterApply> => {
    const payment = await repo.findPayment(tx, report.paymentId, true);
    if (!payment || payment.provider !== provider) {
      return { outcome: 'unknown-payment', answer: 'failure', known: false };
    }
    if (!report.paid || report.tradeId === null) return { outcome: 'ignored', answer: 'success', known: true };
    if (payment.status === 'paid') {
      if (payment.provider_trade_id === report.tradeId) return { outcome: 'duplicate', answer: 'success', known: true };
      await repo.flagPayment(tx, payment.id, `second trade ${report.tradeId} reported for a paid payment`, now);
      return { outcome: 'conflict', answer: 'success', known: true };
    }
    const due = Number(payment.amount);
    if (report.amount !== due || (report.currency !== null && report.currency !== payment.currency.trim())) {
      await repo.flagPayment(tx, payment.id, `amount-mismatch: ${report.amount} ${report.currency ?? ''} reported, ${due} due`, now);
      return { outcome: 'amount-mismatch', answer: 'failure', known: true };
    }
    const other = await repo.findPaymentByTrade(tx, provider, report.tradeId);
    if (other) {
      await repo.flagPayment(tx, payment.id, `trade ${report.tradeId} belongs to payment ${other.id}`, now);
      return { outcome: 'conflict', answer: 'failure', known: true };
    }
    if (!(await repo.markPaid(tx, payment.id, report.tradeId, now))) {
      return { outcome: 'duplicate', answer: 'success', known: true };
    }
    const paid = await payableOf(ctx, payment.subject_kind).onPaid(
      tx,
      payment.subject_id,
      {
        id: payment.id,
        provider,
        providerTradeId: report.tradeId,
        amount: due,
        currency: payment.currency.trim(),
        userId: payment.user_id,
      },
      now,
    );
    if (paid.result === 'applied') {
      await repo.markApplied(tx, payment.id);
      return { outcome: 'applied', answer: 'success', known: true, afterCommit: paid.afterCommit };
    }
    const refundId = randomUUID();
    await repo.insertRefund(tx, {
      id: refundId,
      paymentId: payment.id,
      subjectKind: payment.subject_kind,
      subjectId: payment.subject_id,
      amount: due,
      fee: 0,
      currency: payment.currency.trim(),
      reason: UNAVAILABLE_REASON,
      initiatedBy: 'system',
      unitIds: [],
      now,
    });
    return { outcome: 'refund-due', answer: 'success', known: true, afterCommit: paid.afterCommit, refundId };
  });
  result.afterCommit?.();
  if (result.refundId) await sendRefund(ctx, result.refundId);
  return { outcome: result.outcome, answer: result.answer, known: result.known };
}
