import type { Clock } from '../../../clock.js';
import type { Db } from '../../../db/client.js';

/** What the pass use cases need: the database and the clock. */
export interface PassesContext {
  db: Db;
  clock: Clock;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An id that is not a uuid names nothing; asking the database would be a type error, not a miss. */
export const isUuid = (id: string): boolean => UUID.test(id);
