import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { jobPaymentsContext, refundCancelledSessions } from '../../src/jobs/payments.js';
import { accessTokenSigner } from '../../src/modules/identity/tokens.js';
import {
  deliverSandboxNotifications,
  processDueRefunds,
  settleDuePayments,
  type NotifyTransport,
  type PaymentNetwork,
  type PaymentsContext,
} from '../../src/modules/payments/index.js';
import { signAlipayStyle } from '../../src/modules/payments/rules.js';
import type { TestActor } from './actors.js';
import { createTestApp, type TestApp } from './app.js';

/**
 * A real app on a fresh database, like `createTestApp`, whose payment providers' network calls (and
 * only those) may be replaced at the SDKs' boundary.
 */
export const createPaymentsTestApp = (env: Record<string, string> = {}, network: PaymentNetwork = {}): Promise<TestApp> =>
  createTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400', ...env }, { paymentNetwork: network });

/** The sandbox's way to the notify URL in tests: `app.inject`, no socket. */
export const injectTransport =
  (t: TestApp): NotifyTransport =>
  async (path, body) => {
    const response = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body,
    });
    return { status: response.statusCode, text: response.body };
  };

/** Runs `work` with a payments context of the test app's process, as the jobs have one, then closes it. */
export async function withPayments<T>(t: TestApp, work: (ctx: PaymentsContext) => Promise<T>): Promise<T> {
  const ctx = jobPaymentsContext(t.deps);
  try {
    return await work(ctx);
  } finally {
    await Promise.all(Object.values(ctx.payables).map((payable) => payable.close?.()));
  }
}

/** One run of the sandbox's delivery job; answers how many notifications were taken. */
export const deliverNotifications = (t: TestApp, transport: NotifyTransport = injectTransport(t)) =>
  withPayments(t, (ctx) => deliverSandboxNotifications(ctx, transport));

export const runRefundJob = (t: TestApp) =>
  withPayments(t, async (ctx) => ({ cancelled: await refundCancelledSessions(ctx), sent: await processDueRefunds(ctx) }));

export const settlePayments = (t: TestApp) => withPayments(t, (ctx) => settleDuePayments(ctx));

export const startPayment = (t: TestApp, actor: { headers: Record<string, string> }, orderId: string, provider = 'sandbox') =>
  t.app.inject({ method: 'POST', url: `/api/orders/${orderId}/payments`, headers: actor.headers, payload: { provider } });

/** Starts a sandbox payment that must open; answers it. */
export async function openPayment(t: TestApp, actor: TestActor, orderId: string, provider = 'sandbox') {
  const response = await startPayment(t, actor, orderId, provider);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { paymentId: string; payUrl: string };
}

/** What the sandbox page's form posts. */
export const submitSandbox = (t: TestApp, paymentId: string, action: string) =>
  t.app.inject({
    method: 'POST',
    url: `/pay/sandbox/${paymentId}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `action=${encodeURIComponent(action)}`,
  });

/** The whole sandbox path: open a payment, press Pay, deliver the notification. Answers the payment id. */
export async function payThroughSandbox(t: TestApp, actor: TestActor, orderId: string): Promise<string> {
  const { paymentId } = await openPayment(t, actor, orderId);
  const pressed = await submitSandbox(t, paymentId, 'pay');
  expect(pressed.statusCode, pressed.body).toBe(200);
  expect(await deliverNotifications(t)).toBe(1);
  return paymentId;
}

/** The sandbox's queued notification of a payment, as its fields. */
export async function queuedNotification(t: TestApp, paymentId: string): Promise<Record<string, string>> {
  const [row] = await queryRows<{ body: string }>(
    t.deps.database.db,
    sql`select body from sandbox_delivery where payment_id = ${paymentId}`,
  );
  if (!row) throw new Error('no sandbox notification queued');
  return Object.fromEntries(new URLSearchParams(row.body));
}

export const postNotification = (t: TestApp, provider: 'sandbox' | 'alipay', fields: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url: `/api/payments/${provider}/notify`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

/** Fields signed as Alipay signs a notification (RSA2 over the sorted fields, sign and sign_type left out). */
export function signedFields(fields: Record<string, string>, privateKeyPem: string): Record<string, string> {
  return { ...fields, sign_type: 'RSA2', sign: signAlipayStyle(fields, privateKeyPem) };
}

export function rsaKeyPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

export interface StoredPayment {
  id: string;
  status: string;
  applied: boolean;
  flagged_reason: string | null;
  provider_trade_id: string | null;
}

export async function paymentRow(t: TestApp, paymentId: string): Promise<StoredPayment> {
  const [row] = await queryRows<StoredPayment>(
    t.deps.database.db,
    sql`select id, status, applied, flagged_reason, provider_trade_id from payment where id = ${paymentId}`,
  );
  if (!row) throw new Error('no such payment');
  return row;
}

/** Row counts of what paying writes, to show that a refused notification changed nothing. */
export async function paymentCounts(t: TestApp) {
  const [row] = await queryRows<Record<'paid' | 'tickets' | 'refunds' | 'sold' | 'paidOrders' | 'inbox', number>>(
    t.deps.database.db,
    sql`select (select count(*) from payment where status = 'paid')::int as paid,
               (select count(*) from ticket)::int as tickets,
               (select count(*) from refund)::int as refunds,
               (select count(*) from inventory_unit where state = 'sold')::int as sold,
               (select count(*) from customer_order where status = 'paid')::int as "paidOrders",
               (select count(*) from payment_notification)::int as inbox`,
  );
  return row!;
}

export async function ticketsOf(t: TestApp, orderId: string) {
  return queryRows<{ id: string; unit_id: string; status: string }>(
    t.deps.database.db,
    sql`select id, unit_id, status from ticket where order_id = ${orderId} order by unit_id`,
  );
}

export async function refundsOfPayment(t: TestApp, paymentId: string) {
  return queryRows<{ id: string; amount: number; status: string; reason: string | null; initiated_by: string }>(
    t.deps.database.db,
    sql`select id, amount::int as amount, status, reason, initiated_by from refund where payment_id = ${paymentId}
        order by created_at`,
  );
}

/** A fresh customer token for a user the test made earlier: the clock may have moved past the first one. */
export async function reissueCustomer(t: TestApp, actor: TestActor): Promise<TestActor> {
  const signer = accessTokenSigner(t.config.jwtSecret, t.config.accessTokenTtlSeconds, () => t.clock.now());
  const token = await signer.sign({ userId: actor.userId, portal: 'customer', permissions: 0n, merchantId: null });
  return { ...actor, token, headers: { authorization: `Bearer ${token}` } };
}
