import type { Db } from '../../../db/client.js';
import { DomainError } from '../../../http/errors.js';
import { findCity } from '../../catalog/index.js';
import { canonicalTimeZone } from '../rules/venue.js';
import type { NewVenue } from '../repo/venues.js';
import type { VenueInput } from '../schemas.js';

/** Checks a venue's city against the catalogue and its time zone against the zone database. */
export async function venueDetailsOf(db: Db, merchantId: string, input: VenueInput): Promise<NewVenue> {
  const timezone = canonicalTimeZone(input.timezone);
  if (!(await findCity(db, input.cityCode))) {
    throw new DomainError('UNKNOWN_CITY', `No city with code ${input.cityCode}`, { cityCode: input.cityCode });
  }
  return {
    merchantId,
    name: input.name.trim(),
    kind: input.kind,
    cityCode: input.cityCode,
    address: input.address.trim(),
    timezone,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    phone: input.phone ?? null,
    ...(input.cleaningBufferMinutes === undefined ? {} : { cleaningBufferMinutes: input.cleaningBufferMinutes }),
  };
}
