import './errors.js';
import type { App, ModuleDeps } from '../../app.js';
import type { Db } from '../../db/client.js';
import { paymentsContext } from './service/context.js';
import { customerPaymentRoutes, merchantRefundRoutes, providerRoutes } from './routes.js';

/**
 * # What the payments module needs from what is paid for
 *
 * A payment pays for a *subject*: `kind` names the module that owns it ('order' now, 'pass' next) and
 * `subjectId` its row. The payments module never reads a subject's tables: each kind hands it a
 * `Payable`, passed in from app.ts as a map by kind (`Payables`). Every function runs inside the
 * transaction the payments service opened and must not open another or call the outside world.
 *
 * The life of a payment:
 *   startPayment ── payable.forPayment (lock and check the subject) ── payable.extendHold
 *     ── the provider's page ── a verified notification ── payment pending → paid (compare-and-set)
 *     ── payable.onPaid: 'applied' (the subject took it) or 'unavailable' (it cannot any more:
 *        the payment is then refunded in full through the provider, reason given).
 * Refunds of part or all of a subject go through `payable.refund` (optional: a kind without it
 * cannot be refunded on request), which gives back what the rules allow and says how much.
 *
 * Another module opens payments of its own kind with `startPayment(ctx, actor, {kind, subjectId,
 * provider})` (ctx from `paymentsContext(deps, payables)`), and refunds with `refundSubject`.
 */
export interface Payable {
  /**
   * Locks the subject (`for update`) and answers what the payment is for. Throws NOT_FOUND when the
   * subject is not the user's, and a conflict when it cannot be paid now (not pending, hold over).
   */
  forPayment(tx: Db, subjectId: string, userId: string, now: Date): Promise<PayableTerms>;
  /** Keeps the subject (and whatever it holds) for the customer until `until`, which is later than now. */
  extendHold(tx: Db, subjectId: string, until: Date): Promise<void>;
  /** Applies a payment that has just become paid: `applied`, or `unavailable` to have it refunded in full. */
  onPaid(tx: Db, subjectId: string, payment: PaidPayment, now: Date): Promise<PaidOutcome>;
  /** Refunds what `request` asks of a paid subject, by its rules; see `RefundRequest`. */
  refund?(tx: Db, subjectId: string, request: RefundRequest): Promise<RefundOutcome>;
  /** Releases what the payable keeps (a seat-map publisher), when the app closes. */
  close?(): Promise<void>;
}

export type Payables = Readonly<Record<string, Payable>>;

export interface PayableTerms {
  userId: string;
  /** Integer minor units of `currency`. */
  amount: number;
  currency: string;
  /** What the customer sees on the provider's page ("Film X, 2 tickets"). */
  title: string;
  /** The subject's hold ends here; starting a payment extends it to now + the payment window. */
  payableUntil: Date;
}

export interface PaidPayment {
  id: string;
  provider: string;
  providerTradeId: string;
  amount: number;
  currency: string;
  userId: string;
}

export interface PaidOutcome {
  result: 'applied' | 'unavailable';
  /** Runs once the transaction has committed (telling seat maps, say). */
  afterCommit?: () => void;
}

/** Who asks for a refund: the customer (their own subject), a merchant (theirs), or the platform. */
export type RefundActor =
  | { by: 'customer'; userId: string }
  | { by: 'merchant'; merchantId: string }
  | { by: 'system' };

export interface RefundRequest {
  actor: RefundActor;
  /** Part of the subject (tickets); null: all of it that can be refunded. */
  ticketIds: string[] | null;
  now: Date;
}

export interface RefundOutcome {
  /** What the refunded parts cost, before the fee, in `currency`. */
  gross: number;
  currency: string;
  fee: number;
  /** Places given back, recorded on the refund. */
  unitIds: string[];
  afterCommit?: () => void;
}

export { startPayment, type StartPaymentInput } from './service/start-payment.js';
export { refundSubject, processDueRefunds, type RefundAnswer } from './service/refunds.js';
export { settleDuePayments } from './service/reconcile.js';
export { deliverSandboxNotifications, fetchTransport, type NotifyTransport } from './service/sandbox.js';
export { listPaymentsOf, listRefundsOf, type PaymentSummary, type RefundSummary } from './service/read-payments.js';
export { closePayables, paymentsContext, type PaymentsContext, type PaymentNetwork } from './service/context.js';

/**
 * The payments module: payments through providers (the sandbox, Alipay, Stripe), their notifications
 * applied exactly once, and refunds. Routes: POST /api/orders/:id/payments and /refunds, the merchant's
 * refunds, the providers' notify and webhook endpoints, and the sandbox's hosted page.
 */
export function paymentsModule(deps: ModuleDeps, payables: Payables) {
  const ctx = paymentsContext(deps, payables);
  return async function paymentsRoutes(app: App): Promise<void> {
    app.addHook('onClose', async () => {
      await Promise.all(Object.values(payables).map((payable) => payable.close?.()));
    });
    await app.register(customerPaymentRoutes(deps, ctx));
    await app.register(merchantRefundRoutes(deps, ctx));
    await app.register(providerRoutes(ctx));
  };
}
