import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';

/** SQL of the payment, notification inbox, refund and sandbox outbox tables. */

const iso = (at: Date) => at.toISOString();

export interface PaymentRow {
  id: string;
  subject_kind: string;
  subject_id: string;
  user_id: string;
  provider: string;
  status: 'pending' | 'paid' | 'failed';
  amount: string | number;
  currency: string;
  title: string;
  pay_url: string | null;
  provider_ref: string | null;
  provider_trade_id: string | null;
  applied: boolean;
  flagged_reason: string | null;
  hold_until: Date | string;
  paid_at: Date | string | null;
  created_at: Date | string;
}

const PAYMENT_COLUMNS = sql`id, subject_kind, subject_id, user_id, provider, status, amount, currency, title, pay_url,
  provider_ref, provider_trade_id, applied, flagged_reason, hold_until, paid_at, created_at`;

export interface NewPayment {
  id: string;
  subjectKind: string;
  subjectId: string;
  userId: string;
  provider: string;
  amount: number;
  currency: string;
  title: string;
  holdUntil: Date;
  now: Date;
}

export async function insertPayment(db: Db, payment: NewPayment): Promise<void> {
  await db.execute(sql`
    insert into payment (id, subject_kind, subject_id, user_id, provider, amount, currency, title, hold_until,
      created_at, updated_at)
    values (${payment.id}, ${payment.subjectKind}, ${payment.subjectId}, ${payment.userId}, ${payment.provider},
      ${payment.amount}, ${payment.currency}, ${payment.title}, ${iso(payment.holdUntil)}, ${iso(payment.now)},
      ${iso(payment.now)})`);
}

export async function countPaymentsOf(db: Db, kind: string, subjectId: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from payment where subject_kind = ${kind} and subject_id = ${subjectId}`,
  );
  return row?.count ?? 0;
}

export async function setProviderPage(db: Db, id: string, payUrl: string, providerRef: string | null): Promise<void> {
  await db.execute(sql`update payment set pay_url = ${payUrl}, provider_ref = ${providerRef} where id = ${id}`);
}

export async function findPayment(db: Db, id: string, forUpdate = false): Promise<PaymentRow | null> {
  const [row] = await queryRows<PaymentRow>(
    db,
    sql`select ${PAYMENT_COLUMNS} from payment where id = ${id} ${forUpdate ? sql`for update` : sql``}`,
  );
  return row ?? null;
}

/** The payment that already carries this trade of the provider, if any. */
export async function findPaymentByTrade(db: Db, provider: string, tradeId: string): Promise<{ id: string } | null> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select id from payment where provider = ${provider} and provider_trade_id = ${tradeId}`,
  );
  return row ?? null;
}

/** pending | failed → paid, compare-and-set; answers whether this call made it paid. */
export async function markPaid(db: Db, id: string, tradeId: string, now: Date): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update payment set status = 'paid', provider_trade_id = ${tradeId},
          paid_at = ${iso(now)}, updated_at = ${iso(now)}
        where id = ${id} and status in ('pending', 'failed')
        returning id`,
  );
  return rows.length === 1;
}

/** The subject took the paid payment. */
export async function markApplied(db: Db, id: string): Promise<void> {
  await db.execute(sql`update payment set applied = true where id = ${id} and status = 'paid'`);
}

/** pending → failed (the customer gave up on the sandbox page). */
export async function markFailed(db: Db, id: string, now: Date): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update payment set status = 'failed', updated_at = ${iso(now)}
        where id = ${id} and status = 'pending' returning id`,
  );
  return rows.length === 1;
}

export async function flagPayment(db: Db, id: string, reason: string, now: Date): Promise<void> {
  await db.execute(sql`update payment set flagged_reason = ${reason}, updated_at = ${iso(now)} where id = ${id}`);
}

/** Payments still pending whose hold has passed and that nobody has asked the provider about, claimed. */
export async function claimInFlightDue(db: Db, now: Date, limit: number): Promise<PaymentRow[]> {
  return queryRows<PaymentRow>(
    db,
    sql`update payment set queried_at = ${iso(now)}
        where id in (
          select id from payment
          where status = 'pending' and hold_until <= ${iso(now)} and queried_at is null
          order by hold_until limit ${limit}
          for update skip locked)
        returning ${PAYMENT_COLUMNS}`,
  );
}

/** The payment its subject took, locked; null when the subject was never paid. */
export async function findAppliedPayment(db: Db, kind: string, subjectId: string): Promise<PaymentRow | null> {
  const [row] = await queryRows<PaymentRow>(
    db,
    sql`select ${PAYMENT_COLUMNS} from payment
        where subject_kind = ${kind} and subject_id = ${subjectId} and status = 'paid' and applied
        for update`,
  );
  return row ?? null;
}

export async function listPaymentsOf(db: Db, kind: string, subjectId: string): Promise<PaymentRow[]> {
  return queryRows<PaymentRow>(
    db,
    sql`select ${PAYMENT_COLUMNS} from payment
        where subject_kind = ${kind} and subject_id = ${subjectId} order by created_at, id`,
  );
}

// The inbox.

export async function insertNotification(
  db: Db,
  notification: { provider: string; rawBody: string; signature: string | null; now: Date },
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into payment_notification (provider, received_at, raw_body, signature)
        values (${notification.provider}, ${iso(notification.now)}, ${notification.rawBody}, ${notification.signature})
        returning id`,
  );
  return row!.id;
}

export async function judgeNotification(
  db: Db,
  id: string,
  judgement: { verified: boolean; outcome: string; paymentId: string | null; tradeId: string | null },
): Promise<void> {
  await db.execute(
    sql`update payment_notification set verified = ${judgement.verified}, outcome = ${judgement.outcome},
          payment_id = ${judgement.paymentId}, provider_trade_id = ${judgement.tradeId}
        where id = ${id}`,
  );
}

// Refunds.

export interface RefundRow {
  id: string;
  payment_id: string | null;
  subject_kind: string;
  subject_id: string;
  amount: string | number;
  fee: string | number;
  currency: string;
  reason: string | null;
  initiated_by: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  provider_refund_id: string | null;
  created_at: Date | string;
  completed_at: Date | string | null;
}

const REFUND_COLUMNS = sql`id, payment_id, subject_kind, subject_id, amount, fee, currency, reason, initiated_by, status,
  attempts, provider_refund_id, created_at, completed_at`;

export interface NewRefund {
  id: string;
  /** null: nothing was paid through a provider, so nothing is sent (the refund is done at once). */
  paymentId: string | null;
  subjectKind: string;
  subjectId: string;
  amount: number;
  fee: number;
  currency: string;
  reason: string | null;
  initiatedBy: 'customer' | 'merchant' | 'system';
  unitIds: string[];
  now: Date;
}

export async function insertRefund(db: Db, refund: NewRefund): Promise<void> {
  await db.execute(sql`
    insert into refund (id, payment_id, subject_kind, subject_id, amount, fee, currency, reason, initiated_by, unit_ids,
      status, next_attempt_at, created_at, completed_at)
    values (${refund.id}, ${refund.paymentId}, ${refund.subjectKind}, ${refund.subjectId}, ${refund.amount},
      ${refund.fee}, ${refund.currency}, ${refund.reason}, ${refund.initiatedBy},
      ${sql.param(refund.unitIds)}::uuid[], ${refund.paymentId === null ? 'succeeded' : 'pending'}, ${iso(refund.now)},
      ${iso(refund.now)}, ${refund.paymentId === null ? iso(refund.now) : null})`);
}

/** What has been refunded of a payment so far (every refund row counts, sent or not). */
export async function refundedTotal(db: Db, paymentId: string): Promise<number> {
  const [row] = await queryRows<{ total: string | number }>(
    db,
    sql`select coalesce(sum(amount), 0) as total from refund where payment_id = ${paymentId}`,
  );
  return Number(row?.total ?? 0);
}

export interface DueRefund extends RefundRow {
  payment_id: string;
  provider: string;
  provider_trade_id: string;
  provider_ref: string | null;
}

/**
 * Claims pending refunds due now (or the one named): each gets a lease (its next try moves `leaseMs`
 * ahead) and one more attempt, in one statement with `skip locked`, so two processes never send the
 * same refund at once. The provider call happens after this commits.
 */
export async function claimDueRefunds(
  db: Db,
  now: Date,
  leaseMs: number,
  options: { limit: number; refundId?: string },
): Promise<DueRefund[]> {
  return queryRows<DueRefund>(
    db,
    sql`
    with due as (
      select id from refund
      where status = 'pending' and next_attempt_at <= ${iso(now)}
        ${options.refundId ? sql`and id = ${options.refundId}` : sql``}
      order by next_attempt_at limit ${options.limit}
      for update skip locked
    ), claimed as (
      update refund r set attempts = r.attempts + 1, next_attempt_at = ${iso(new Date(now.getTime() + leaseMs))}
      from due where r.id = due.id
      returning r.*
    )
    select c.id, c.payment_id, c.subject_kind, c.subject_id, c.amount, c.fee, c.currency, c.reason, c.initiated_by,
      c.status, c.attempts, c.provider_refund_id, c.created_at, c.completed_at,
      p.provider, p.provider_trade_id, p.provider_ref
    from claimed c join payment p on p.id = c.payment_id`,
  );
}

/** pending → succeeded with the provider's refund id (compare-and-set). */
export async function completeRefund(db: Db, id: string, providerRefundId: string, now: Date): Promise<void> {
  await db.execute(
    sql`update refund set status = 'succeeded', provider_refund_id = ${providerRefundId}, completed_at = ${iso(now)},
          last_error = null
        where id = ${id} and status = 'pending'`,
  );
}

export async function postponeRefund(db: Db, id: string, error: string, nextAt: Date): Promise<void> {
  await db.execute(
    sql`update refund set last_error = ${error.slice(0, 500)}, next_attempt_at = ${iso(nextAt)}
        where id = ${id} and status = 'pending'`,
  );
}

export async function findRefund(db: Db, id: string): Promise<RefundRow | null> {
  const [row] = await queryRows<RefundRow>(db, sql`select ${REFUND_COLUMNS} from refund where id = ${id}`);
  return row ?? null;
}

export async function listRefundsOf(db: Db, kind: string, subjectId: string): Promise<RefundRow[]> {
  return queryRows<RefundRow>(
    db,
    sql`select ${REFUND_COLUMNS} from refund
        where subject_kind = ${kind} and subject_id = ${subjectId} order by created_at, id`,
  );
}

// The sandbox provider's outbox.

/** Queues the sandbox's notification of a payment; once per payment (a second Pay changes nothing). */
export async function queueSandboxDelivery(db: Db, paymentId: string, body: string, now: Date): Promise<boolean> {
  const rows = await queryRows<{ payment_id: string }>(
    db,
    sql`insert into sandbox_delivery (payment_id, body, next_attempt_at, created_at)
        values (${paymentId}, ${body}, ${iso(now)}, ${iso(now)})
        on conflict (payment_id) do nothing
        returning payment_id`,
  );
  return rows.length === 1;
}

interface SandboxDeliveryRow {
  body: string;
  delivered_at: Date | string | null;
}

export async function findSandboxDelivery(db: Db, paymentId: string): Promise<SandboxDeliveryRow | null> {
  const [row] = await queryRows<SandboxDeliveryRow>(
    db,
    sql`select body, delivered_at from sandbox_delivery where payment_id = ${paymentId}`,
  );
  return row ?? null;
}

/** Claims undelivered notifications due now, each with a lease, like `claimDueRefunds`. */
export async function claimDueDeliveries(
  db: Db,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<{ payment_id: string; body: string; attempts: number }[]> {
  return queryRows<{ payment_id: string; body: string; attempts: number }>(
    db,
    sql`update sandbox_delivery d set attempts = d.attempts + 1,
          next_attempt_at = ${iso(new Date(now.getTime() + leaseMs))}
        where d.payment_id in (
          select payment_id from sandbox_delivery
          where delivered_at is null and next_attempt_at <= ${iso(now)}
          order by next_attempt_at limit ${limit}
          for update skip locked)
        returning d.payment_id, d.body, d.attempts`,
  );
}

export async function markDelivered(db: Db, paymentId: string, now: Date): Promise<void> {
  await db.execute(
    sql`update sandbox_delivery set delivered_at = ${iso(now)}, last_error = null where payment_id = ${paymentId}`,
  );
}

export async function postponeDelivery(db: Db, paymentId: string, error: string, nextAt: Date): Promise<void> {
  await db.execute(
    sql`update sandbox_delivery set last_error = ${error.slice(0, 500)}, next_attempt_at = ${iso(nextAt)}
        where payment_id = ${paymentId} and delivered_at is null`,
  );
}
