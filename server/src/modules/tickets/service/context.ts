import type { Clock } from '../../../clock.js';
import type { Db } from '../../../db/client.js';
import type { TicketSigner } from '../signing.js';

/** What the tickets use cases need: the database, the clock, and the platform's ticket signer. */
export interface TicketsContext {
  db: Db;
  clock: Clock;
  signer: TicketSigner;
}
