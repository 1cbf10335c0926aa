import type { Clock } from '../../../clock.js';
import type { Db } from '../../../db/client.js';
import type { SeatChangePublisher } from '../../inventory/index.js';
import type { SessionTerms } from './sessions.js';

/**
 * What the order use cases need: the database, the clock, where they read sessions' terms, and where
 * they report units that changed state once their transaction has committed.
 */
export interface OrdersContext {
  db: Db;
  clock: Clock;
  sessions: SessionTerms;
  publisher: SeatChangePublisher;
}
