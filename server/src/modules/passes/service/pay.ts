import type { Actor } from '../../../http/actor.js';
import { startPayment, type PaymentsContext } from '../../payments/index.js';
import type { PassPaymentBody } from '../schemas.js';

/** The kind of subject a pass is, to the payments module (its payable is `passPayable`). */
export const PASS_KIND = 'pass';

/**
 * POST /api/passes/:id/payments: the customer's own pending pass, paid like an order; its payment
 * window is extended while the customer pays. Another customer's pass is NOT_FOUND.
 */
export function startPassPayment(
  payments: PaymentsContext,
  actor: Actor,
  passId: string,
  provider: PassPaymentBody['provider'],
): Promise<{ paymentId: string; payUrl: string }> {
  return startPayment(payments, actor, { kind: PASS_KIND, subjectId: passId, provider });
}
