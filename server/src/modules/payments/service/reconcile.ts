import * as repo from '../repo.js';
import { applyReport } from './apply-notification.js';
import type { PaymentsContext } from './context.js';

const SETTLE_BATCH = 50;

/**
 * Before the expiry sweeper lets a subject go: payments still pending whose hold has passed are
 * claimed once each (skip locked, so processes share them) and their provider is asked how they
 * stand; one that is paid is applied as its notification would be. A provider that does not answer
 * leaves the payment to its notification, which a late payment handles. Answers how many were applied.
 */
export async function settleDuePayments(ctx: PaymentsContext): Promise<number> {
  let applied = 0;
  for (;;) {
    const batch = await repo.claimInFlightDue(ctx.db, ctx.clock.now(), SETTLE_BATCH);
    for (const payment of batch) {
      const provider = ctx.providers[payment.provider as keyof PaymentsContext['providers']];
      if (!provider) continue;
      try {
        const report = await provider.queryPayment({ id: payment.id, providerRef: payment.provider_ref });
        if (!report.paid) continue;
        const result = await applyReport(ctx, provider.name, { ...report, paymentId: payment.id });
        if (result.outcome === 'applied' || result.outcome === 'refund-due') applied += 1;
      } catch (error) {
        ctx.logger.warn({ err: error, paymentId: payment.id }, 'payment query failed; its notification will settle it');
      }
    }
    if (batch.length < SETTLE_BATCH) return applied;
  }
}
