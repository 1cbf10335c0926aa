import type { Db } from '../../../db/client.js';
import { notFound } from '../../../http/errors.js';
import type { Payable, PayableTerms, PaidOutcome } from '../../payments/index.js';
import { getVenueForScheduling } from '../../venues/index.js';
import * as repo from '../repo.js';
import { assertPending, passStatusOf, validityOf } from '../rules.js';
import { isUuid } from './context.js';

/**
 * How the payments module pays for a pass (subject kind 'pass'). Paid in time, a pending pass becomes
 * active from the day it is paid in the venue's zone, for its validity days; a pass cancelled or left
 * unpaid past its window is 'unavailable', and the payments module refunds the money.
 */
export function passPayable(): Payable {
  return {
    async forPayment(tx: Db, subjectId: string, userId: string, now: Date): Promise<PayableTerms> {
      const pass = isUuid(subjectId) ? await repo.findPass(tx, subjectId, { userId, lock: true }) : null;
      if (!pass) throw notFound('Pass');
      const expiresAt = new Date(pass.expiresAt);
      assertPending(pass.status, expiresAt, now, 'paid for');
      return {
        userId: pass.userId,
        amount: Number(pass.price),
        currency: pass.currency,
        title: `Annual pass: ${pass.productName}`,
        payableUntil: expiresAt,
      };
    },

    async extendHold(tx: Db, subjectId: string, until: Date): Promise<void> {
      await repo.extendPending(tx, subjectId, until);
    },

    async onPaid(tx: Db, subjectId: string, _payment, now: Date): Promise<PaidOutcome> {
      const pass = await repo.findPass(tx, subjectId, { lock: true });
      if (!pass || passStatusOf(pass.status, new Date(pass.expiresAt), now) !== 'pending') return { result: 'unavailable' };
      const venue = await getVenueForScheduling(tx, pass.merchantId, pass.venueId);
      const activated = await repo.markActive(tx, pass.id, validityOf(now, venue.timezone, pass.validityDays), now);
      return { result: activated ? 'applied' : 'unavailable' };
    },
  };
}
