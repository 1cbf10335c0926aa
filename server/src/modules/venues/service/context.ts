import type { Clock } from '../../../clock.js';
import type { Db } from '../../../db/client.js';

/** What the venues use cases need: the database handle and the clock that stamps reviews and edits. */
export interface VenuesContext {
  db: Db;
  clock: Clock;
}
