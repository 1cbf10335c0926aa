import type { AppDeps } from '../app.js';
import { seatChangePublisher } from '../modules/inventory/index.js';
import { expireDueOrders } from '../modules/orders/index.js';
import { settleDuePayments, type PaymentsContext } from '../modules/payments/index.js';
import type { Job } from './scheduler.js';

/** How often each process looks for lapsed holds. Correctness never waits for it: expiry is lazy. */
export const ORDER_EXPIRY_INTERVAL_MS = 5_000;

/**
 * The expiry sweeper: first asks the providers about payments still in flight past their hold and
 * applies the paid ones (`settleDuePayments`), then marks pending orders past their hold as expired and frees the units they still
 * hold, in batches claimed with `skip locked` (see `expireDueOrders`), so every process can run it.
 * Seat maps hear of the freed units through the job's own publisher.
 */
export function orderExpiryJob(deps: Pick<AppDeps, 'database' | 'clock' | 'logger'>, payments: PaymentsContext): Job {
  const publisher = seatChangePublisher(deps.database.db, deps.clock, deps.logger);
  return {
    name: 'expire-orders',
    intervalMs: ORDER_EXPIRY_INTERVAL_MS,
    async run() {
      const settled = await settleDuePayments(payments);
      if (settled > 0) deps.logger.info({ settled }, 'applied payments found paid at their provider');
      const expired = await expireDueOrders(deps.database.db, deps.clock, { publisher });
      if (expired > 0) deps.logger.info({ expired }, 'expired lapsed orders');
    },
    stop: () => publisher.close(),
  };
}
