import { randomUUID } from 'node:crypto';
import { DomainError, notFound } from '../../../http/errors.js';
import { sandboxTradeNo, SANDBOX_APP_ID } from '../providers/sandbox.js';
import * as repo from '../repo.js';
import { decimalAmount, retryDelayMs, signAlipayStyle } from '../rules.js';
import type { PaymentsContext } from './context.js';

/** Where the sandbox sends its notifications. */
export const SANDBOX_NOTIFY_PATH = '/api/payments/sandbox/notify';
/** How long a claimed delivery is left to its process before another may try it. */
const DELIVERY_LEASE_MS = 30_000;
const DELIVERY_BATCH = 50;

/**
 * How the sandbox reaches the notify URL: POSTs a form-encoded body to a path of PUBLIC_URL and answers
 * the status and text. In a server it is `fetchTransport`; tests pass one over `app.inject`.
 */
export type NotifyTransport = (path: string, body: string) => Promise<{ status: number; text: string }>;

export function fetchTransport(publicUrl: string): NotifyTransport {
  const base = publicUrl.replace(/\/+$/, '');
  return async (path, body) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, text: await response.text() };
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}
.amount{font-size:2rem;font-weight:600}.note{color:#666;font-size:.9rem}
button{font-size:1rem;padding:.6rem 1.4rem;margin-right:.6rem;border-radius:.4rem;border:1px solid #999;cursor:pointer}
button.pay{background:#1677ff;color:#fff;border-color:#1677ff}</style></head>
<body><p class="note">Boxoffice sandbox payments: no money moves.</p>${body}</body></html>`;
}

async function sandboxPayment(ctx: PaymentsContext, paymentId: string) {
  const payment = await repo.findPayment(ctx.db, paymentId);
  if (!payment || payment.provider !== 'sandbox') throw notFound('Payment');
  return payment;
}

/** The hosted page of a sandbox payment: what is paid for, the amount, and Pay and Fail. */
export async function renderSandboxPage(ctx: PaymentsContext, paymentId: string): Promise<string> {
  const payment = await sandboxPayment(ctx, paymentId);
  const amount = `${decimalAmount(Number(payment.amount))} ${payment.currency.trim()}`;
  const head = `<h1>${escapeHtml(payment.title)}</h1><p class="amount">${escapeHtml(amount)}</p>`;
  if (payment.status !== 'pending' || (await repo.findSandboxDelivery(ctx.db, payment.id))) {
    return page('Sandbox payment', `${head}<p>This payment is ${payment.status === 'failed' ? 'failed' : 'paid'}.</p>`);
  }
  return page(
    'Sandbox payment',
    `${head}<form method="post" action="/pay/sandbox/${payment.id}">
<button class="pay" name="action" value="pay">Pay</button><button name="action" value="fail">Fail</button></form>`,
  );
}

/**
 * What the page's form posts. Pay queues the sandbox's signed notification (once per payment: a second
 * Pay changes nothing), to be delivered asynchronously like Alipay's; Fail marks the payment failed
 * (the order stays pending until its hold ends, so the customer may pay again).
 */
export async function submitSandboxPage(ctx: PaymentsContext, paymentId: string, action: 'pay' | 'fail'): Promise<string> {
  const keys = ctx.sandboxKeys;
  if (!keys) throw new DomainError('PROVIDER_NOT_CONFIGURED', 'The sandbox is not set up', { provider: 'sandbox' });
  const payment = await sandboxPayment(ctx, paymentId);
  const now = ctx.clock.now();
  const back = `<p><a href="${escapeHtml(`/${payment.subject_kind}s/${payment.subject_id}`)}">Back to the shop</a></p>`;
  if (action === 'fail') {
    const failed = await repo.markFailed(ctx.db, payment.id, now);
    return page('Payment failed', `<h1>${failed ? 'Payment failed' : 'Nothing changed'}</h1>${back}`);
  }
  if (payment.status !== 'pending') {
    return page('Sandbox payment', `<h1>This payment is ${payment.status}</h1>${back}`);
  }
  const fields: Record<string, string> = {
    app_id: SANDBOX_APP_ID,
    charset: 'utf-8',
    version: '1.0',
    notify_type: 'trade_status_sync',
    notify_id: randomUUID().replace(/-/g, ''),
    notify_time: now.toISOString(),
    gmt_payment: now.toISOString(),
    out_trade_no: payment.id,
    trade_no: sandboxTradeNo(),
    trade_status: 'TRADE_SUCCESS',
    total_amount: decimalAmount(Number(payment.amount)),
    subject: payment.title,
  };
  const body = new URLSearchParams({
    ...fields,
    sign_type: 'RSA2',
    sign: signAlipayStyle(fields, keys.privateKey),
  }).toString();
  await repo.queueSandboxDelivery(ctx.db, payment.id, body, now);
  return page('Payment sent', `<h1>Paid</h1><p>The shop hears of it in a moment.</p>${back}`);
}

/**
 * The sandbox outbox's run: every notification due is claimed with a lease (skip locked, so processes
 * share the work) and posted through `transport`; an answer of `success` ends it, anything else (or no
 * answer) brings it back after a growing pause. Answers how many were delivered.
 */
export async function deliverSandboxNotifications(ctx: PaymentsContext, transport: NotifyTransport): Promise<number> {
  let delivered = 0;
  for (;;) {
    const batch = await repo.claimDueDeliveries(ctx.db, ctx.clock.now(), DELIVERY_LEASE_MS, DELIVERY_BATCH);
    for (const delivery of batch) {
      let problem: string;
      try {
        const answer = await transport(SANDBOX_NOTIFY_PATH, delivery.body);
        if (answer.status === 200 && answer.text.trim() === 'success') {
          await repo.markDelivered(ctx.db, delivery.payment_id, ctx.clock.now());
          delivered += 1;
          continue;
        }
        problem = `answered ${answer.status} ${answer.text.slice(0, 100)}`;
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      const nextAt = new Date(ctx.clock.now().getTime() + retryDelayMs(delivery.attempts));
      ctx.logger.warn(
        { paymentId: delivery.payment_id, attempts: delivery.attempts, problem },
        'sandbox notification not taken; will retry',
      );
      await repo.postponeDelivery(ctx.db, delivery.payment_id, problem, nextAt);
    }
    if (batch.length < DELIVERY_BATCH) return delivered;
  }
}
