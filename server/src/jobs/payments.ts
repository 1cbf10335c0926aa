import type { AppDeps } from '../app.js';
import { listRefundableOrdersOfCancelledSessions, orderPayable } from '../modules/orders/index.js';
import { passPayable } from '../modules/passes/index.js';
import {
  closePayables,
  deliverSandboxNotifications,
  fetchTransport,
  paymentsContext,
  processDueRefunds,
  refundSubject,
  type NotifyTransport,
  type PaymentsContext,
} from '../modules/payments/index.js';
import { DomainError } from '../http/errors.js';
import type { Job } from './scheduler.js';

/** How often each process delivers the sandbox's notifications: about as soon as Alipay's arrive. */
export const SANDBOX_DELIVERY_INTERVAL_MS = 1_000;
/** How often each process sends due refunds and refunds the orders of cancelled sessions. */
export const REFUND_INTERVAL_MS = 5_000;
const CANCELLED_BATCH = 100;

/** The payments context of a job process: the same providers and payables (as app.ts registers them) the routes use. */
export function jobPaymentsContext(deps: AppDeps): PaymentsContext {
  return paymentsContext(deps, { order: orderPayable(deps), pass: passPayable() });
}

/**
 * The sandbox's outbox: signed notifications of payments made on its page, posted to PUBLIC_URL's
 * notify endpoint until it answers `success`.
 */
export function sandboxDeliveryJob(ctx: PaymentsContext, transport: NotifyTransport = fetchTransport(ctx.publicUrl)): Job {
  return {
    name: 'sandbox-notifications',
    intervalMs: SANDBOX_DELIVERY_INTERVAL_MS,
    async run() {
      await deliverSandboxNotifications(ctx, transport);
    },
  };
}

/**
 * Refunds every paid order of cancelled sessions, driven by the durable record the cancellation left
 * (the session cancelled, the order still paid with live tickets), so a crash part way through is
 * resumed at the next run; each order's refund is its own transaction and refunds its tickets once.
 * Answers how many orders it refunded.
 */
export async function refundCancelledSessions(ctx: PaymentsContext): Promise<number> {
  let refunded = 0;
  let after: string | null = null;
  for (;;) {
    const due = await listRefundableOrdersOfCancelledSessions(ctx.db, after, CANCELLED_BATCH);
    for (const orderId of due) {
      try {
        await refundSubject(ctx, { by: 'system' }, {
          kind: 'order',
          subjectId: orderId,
          ticketIds: null,
          reason: 'the session was cancelled',
        });
        refunded += 1;
      } catch (error) {
        // Another process refunded it meanwhile, or only used tickets are left: nothing to do here.
        if (!(error instanceof DomainError)) throw error;
      }
    }
    if (due.length < CANCELLED_BATCH) return refunded;
    after = due[due.length - 1]!;
  }
}

/** Sends due refunds (first tries and retries) and refunds the orders of cancelled sessions. */
export function refundJob(ctx: PaymentsContext): Job {
  return {
    name: 'refunds',
    intervalMs: REFUND_INTERVAL_MS,
    async run() {
      const cancelled = await refundCancelledSessions(ctx);
      const sent = await processDueRefunds(ctx);
      if (cancelled > 0 || sent > 0) ctx.logger.info({ cancelled, sent }, 'refunds sent');
    },
    stop: () => closePayables(ctx),
  };
}
