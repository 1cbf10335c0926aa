import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../http/actor.js';
import { DomainError } from '../../../http/errors.js';
import * as repo from '../repo.js';
import type { ProviderName } from '../rules.js';
import { payableOf, providerOf, type PaymentsContext } from './context.js';

/** Payments one subject may open: each extends its hold, so the count bounds how long a hold can last. */
export const MAX_PAYMENTS_PER_SUBJECT = 5;

export interface StartPaymentInput {
  kind: string;
  subjectId: string;
  provider: ProviderName;
}

/**
 * Opens a payment of the actor's subject with a provider: in one transaction the payable locks and
 * checks the subject, its hold is extended to now + the payment window, and the payment is written
 * pending; after the commit the provider opens its page (a network call for Stripe). Answers where the
 * customer pays. PROVIDER_NOT_CONFIGURED for a provider without keys; the payable's NOT_FOUND for
 * another customer's subject; TOO_MANY_PAYMENTS past MAX_PAYMENTS_PER_SUBJECT.
 */
export async function startPayment(
  ctx: PaymentsContext,
  actor: Actor,
  input: StartPaymentInput,
): Promise<{ paymentId: string; payUrl: string }> {
  const provider = providerOf(ctx, input.provider);
  const payable = payableOf(ctx, input.kind);
  const now = ctx.clock.now();
  const paymentId = randomUUID();
  const opened = await ctx.db.transaction(async (tx) => {
    const terms = await payable.forPayment(tx, input.subjectId, actor.userId, now);
    const opened = await repo.countPaymentsOf(tx, input.kind, input.subjectId);
    if (opened >= MAX_PAYMENTS_PER_SUBJECT) {
      throw new DomainError('TOO_MANY_PAYMENTS', 'This has been paid for too often without success; start again', {
        limit: MAX_PAYMENTS_PER_SUBJECT,
      });
    }
    const windowEnd = new Date(now.getTime() + ctx.paymentWindowMinutes * 60_000);
    const holdUntil = windowEnd > terms.payableUntil ? windowEnd : terms.payableUntil;
    if (holdUntil > terms.payableUntil) await payable.extendHold(tx, input.subjectId, holdUntil);
    await repo.insertPayment(tx, {
      id: paymentId,
      subjectKind: input.kind,
      subjectId: input.subjectId,
      userId: actor.userId,
      provider: provider.name,
      amount: terms.amount,
      currency: terms.currency,
      title: terms.title,
      holdUntil,
      now,
    });
    return { terms, holdUntil };
  });
  const page = await provider.createPayment({
    paymentId,
    amount: opened.terms.amount,
    currency: opened.terms.currency,
    title: opened.terms.title,
    notifyUrl: `${ctx.publicUrl}/api/payments/${provider.name}/notify`,
    returnUrl: `${ctx.publicUrl}/${input.kind}s/${input.subjectId}`,
    payableUntil: opened.holdUntil,
  });
  await repo.setProviderPage(ctx.db, paymentId, page.payUrl, page.providerRef);
  return { paymentId, payUrl: page.payUrl };
}
