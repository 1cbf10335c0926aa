import { merchantIdOf, type Actor } from '../../../http/actor.js';
import { notFound } from '../../../http/errors.js';
import { offsetOf, pageOf, type Page } from '../../../http/pagination.js';
import { assertPermission } from '../../identity/index.js';
import { canonicalTimeZone, statusAfterEdit } from '../rules/venue.js';
import { findVenueOfMerchant, insertVenue, listVenues, updateVenue, type VenueChanges } from '../repo/venues.js';
import type { Venue, VenueInput, VenueListQuery, VenuePatch } from '../schemas.js';
import type { VenuesContext } from './context.js';
import { presentVenue } from './present.js';
import { venueDetailsOf } from './venue-details.js';

/** Any staff of the merchant may read its venues. */
export async function listOwnVenues(ctx: VenuesContext, actor: Actor, query: VenueListQuery): Promise<Page<Venue>> {
  const merchantId = merchantIdOf(actor);
  const { rows, total } = await listVenues(ctx.db, {
    merchantId,
    status: query.status,
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  return pageOf(
    rows.map((row) => presentVenue(row.venue)),
    total,
    query,
  );
}

export async function getOwnVenue(ctx: VenuesContext, actor: Actor, venueId: string): Promise<Venue> {
  const venue = await findVenueOfMerchant(ctx.db, merchantIdOf(actor), venueId);
  if (!venue) throw notFound('Venue');
  return presentVenue(venue);
}

/** A further venue of an approved merchant starts pending; the platform reviews it before it sells. */
export async function addVenue(ctx: VenuesContext, actor: Actor, input: VenueInput): Promise<Venue> {
  const merchantId = merchantIdOf(actor);
  assertPermission(actor, 'merchant.venues.manage');
  const details = await venueDetailsOf(ctx.db, merchantId, input);
  return presentVenue(await insertVenue(ctx.db, details, ctx.clock.now()));
}

/** Edits the details of an own venue; a rejected venue goes back to review (see rules/venue.ts). */
export async function changeVenue(ctx: VenuesContext, actor: Actor, venueId: string, patch: VenuePatch): Promise<Venue> {
  const merchantId = merchantIdOf(actor);
  assertPermission(actor, 'merchant.venues.manage');
  const timezone = patch.timezone === undefined ? undefined : canonicalTimeZone(patch.timezone);
  return ctx.db.transaction(async (tx) => {
    const venue = await findVenueOfMerchant(tx, merchantId, venueId, { lock: true });
    if (!venue) throw notFound('Venue');
    const status = statusAfterEdit(venue.status);
    const changes: VenueChanges = {
      ...(patch.name === undefined ? {} : { name: patch.name.trim() }),
      ...(patch.address === undefined ? {} : { address: patch.address.trim() }),
      ...(timezone === undefined ? {} : { timezone }),
      ...(patch.latitude === undefined ? {} : { latitude: patch.latitude }),
      ...(patch.longitude === undefined ? {} : { longitude: patch.longitude }),
      ...(patch.phone === undefined ? {} : { phone: patch.phone }),
      ...(patch.cleaningBufferMinutes === undefined ? {} : { cleaningBufferMinutes: patch.cleaningBufferMinutes }),
      ...(status === venue.status ? {} : { status, rejectReason: null }),
    };
    return presentVenue(await updateVenue(tx, venue.id, changes, ctx.clock.now()));
  });
}
