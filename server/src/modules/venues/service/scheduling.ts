import type { Db } from '../../../db/client.js';
import { notFound } from '../../../http/errors.js';
import type { Seat } from '../rules/seat-map.js';
import { findHallOfMerchant } from '../repo/halls.js';
import { findVenueOfMerchant } from '../repo/venues.js';
import type { VenueKind, VenueRow, VenueStatus } from '../tables.js';

/** What scheduling needs of a venue: its zone for local dates, its buffer for hall overlaps, its state. */
export interface VenueForScheduling {
  id: string;
  merchantId: string;
  name: string;
  kind: VenueKind;
  timezone: string;
  cleaningBufferMinutes: number;
  status: VenueStatus;
  cityCode: string;
}

export interface HallForScheduling {
  id: string;
  venueId: string;
  name: string;
  rows: number;
  cols: number;
  categories: string[];
  venue: VenueForScheduling;
  /** The hall's seats now, row-major; a session copies them into its own inventory. */
  seats: Seat[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An id that is not a uuid names nothing; asking the database would be a type error, not a miss. */
const isUuid = (...ids: string[]): boolean => ids.every((id) => UUID.test(id));

const venueForScheduling = (venue: VenueRow): VenueForScheduling => ({
  id: venue.id,
  merchantId: venue.merchantId,
  name: venue.name,
  kind: venue.kind,
  timezone: venue.timezone,
  cleaningBufferMinutes: venue.cleaningBufferMinutes,
  status: venue.status,
  cityCode: venue.cityCode,
});

/** A venue of this merchant; another merchant's venue throws NOT_FOUND like a missing one. */
export async function getVenueForScheduling(db: Db, merchantId: string, venueId: string): Promise<VenueForScheduling> {
  const venue = isUuid(merchantId, venueId) ? await findVenueOfMerchant(db, merchantId, venueId) : null;
  if (!venue) throw notFound('Venue');
  return venueForScheduling(venue);
}

/** A hall of this merchant with its venue and seats; another merchant's hall throws NOT_FOUND. */
export async function getHallForScheduling(db: Db, merchantId: string, hallId: string): Promise<HallForScheduling> {
  const found = isUuid(merchantId, hallId) ? await findHallOfMerchant(db, merchantId, hallId) : null;
  if (!found) throw notFound('Hall');
  const { hall, venue } = found;
  return {
    id: hall.id,
    venueId: hall.venueId,
    name: hall.name,
    rows: hall.rows,
    cols: hall.cols,
    categories: hall.categories,
    venue: venueForScheduling(venue),
    seats: hall.seatMap.cells.map(({ kind: _kind, ...seat }) => seat),
  };
}
