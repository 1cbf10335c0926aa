import type { Actor } from '../../../http/actor.js';
import { DomainError } from '../../../http/errors.js';
import { offsetOf, pageOf, type Page, type PageQuery } from '../../../http/pagination.js';
import { insertMerchant, listMerchantsOfApplicant } from '../repo/merchants.js';
import { insertVenue, listVenuesOfMerchants } from '../repo/venues.js';
import type { ApplicationInput, Application } from '../schemas.js';
import type { MerchantRow, VenueRow } from '../tables.js';
import type { VenuesContext } from './context.js';
import { presentMerchant } from './present.js';
import { venueDetailsOf } from './venue-details.js';

/**
 * The application use case without an HTTP caller (the demo seed uses it too): a pending merchant
 * and its first venue, pending as well. One pending application per applicant (409 APPLICATION_PENDING).
 */
export async function createMerchantWithVenue(
  ctx: VenuesContext,
  input: { applicantUserId: string | null } & ApplicationInput,
): Promise<{ merchant: MerchantRow; venue: VenueRow }> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const merchant = await insertMerchant(tx, {
      name: input.merchantName.trim(),
      applicantUserId: input.applicantUserId,
      now,
    });
    if (!merchant) {
      throw new DomainError('APPLICATION_PENDING', 'You have an application waiting for review already');
    }
    const venue = await insertVenue(tx, await venueDetailsOf(tx, merchant.id, input.venue), now);
    return { merchant, venue };
  });
}

/** Any merchant-portal user may apply; no approved merchant is needed for this. */
export async function applyForMerchant(
  ctx: VenuesContext,
  actor: Actor,
  input: ApplicationInput,
): Promise<Application> {
  const { merchant, venue } = await createMerchantWithVenue(ctx, { applicantUserId: actor.userId, ...input });
  return presentMerchant(merchant, [venue]);
}

/** The caller's own applications, newest first, whatever became of them. */
export async function listOwnApplications(
  ctx: VenuesContext,
  actor: Actor,
  query: PageQuery,
): Promise<Page<Application>> {
  const all = await listMerchantsOfApplicant(ctx.db, actor.userId);
  const shown = all.slice(offsetOf(query), offsetOf(query) + query.pageSize);
  const venues = await listVenuesOfMerchants(
    ctx.db,
    shown.map((merchant) => merchant.id),
  );
  return pageOf(
    shown.map((merchant) => presentMerchant(merchant, venues)),
    all.length,
    query,
  );
}
