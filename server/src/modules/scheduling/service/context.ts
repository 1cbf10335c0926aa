import type { Db } from '../../../db/client.js';
import { DomainError, notFound } from '../../../http/errors.js';
import { getProductionForScheduling, type ProductionForScheduling } from '../../catalog/index.js';
import { hasLicenceCovering } from '../../licensing/index.js';
import type { VenueForScheduling } from '../../venues/index.js';

/**
 * The production a merchant may put on: its own performance or exhibition, or one of the platform's
 * movies (someone else's production reads as missing), and only once published.
 */
export async function schedulableProduction(
  db: Db,
  merchantId: string,
  productionId: string,
): Promise<ProductionForScheduling> {
  const production = await getProductionForScheduling(db, productionId);
  const visible = production.kind === 'movie' ? production.merchantId === null : production.merchantId === merchantId;
  if (!visible) throw notFound('Production');
  if (production.status !== 'published') {
    throw new DomainError('PRODUCTION_NOT_PUBLISHED', `"${production.title}" is not published`, {
      productionId,
      status: production.status,
    });
  }
  return production;
}

/** Only venues the platform approved sell. */
export function assertVenueApproved(venue: VenueForScheduling): void {
  if (venue.status !== 'approved') {
    throw new DomainError('VENUE_NOT_APPROVED', `Venue "${venue.name}" is not approved yet`, {
      venueId: venue.id,
      status: venue.status,
    });
  }
}

/** A movie is shown only under the merchant's licence covering the showing's local date. */
export async function assertLicensed(
  db: Db,
  merchantId: string,
  production: ProductionForScheduling,
  localDate: string,
): Promise<void> {
  if (production.kind !== 'movie') return;
  if (!(await hasLicenceCovering(db, merchantId, production.id, localDate))) {
    throw new DomainError('LICENCE_REQUIRED', `No screening licence for "${production.title}" on ${localDate}`, {
      productionId: production.id,
      localDate,
    });
  }
}
