import type { Actor } from '../../../http/actor.js';
import { DomainError, notFound } from '../../../http/errors.js';
import { offsetOf, pageOf, type Page } from '../../../http/pagination.js';
import { assertPermission, findUserSummaries, grantMerchantRole } from '../../identity/index.js';
import { findMerchant, listMerchants, reviewMerchant } from '../repo/merchants.js';
import { findVenue, listVenues, listVenuesOfMerchants, reviewApplicationVenues, reviewVenue } from '../repo/venues.js';
import type { AdminMerchant, AdminVenue, AdminVenueListQuery, MerchantListQuery } from '../schemas.js';
import type { MerchantRow, VenueRow } from '../tables.js';
import type { VenuesContext } from './context.js';
import { presentMerchant, presentVenue } from './present.js';

export type ReviewDecision = { decision: 'approve' } | { decision: 'reject'; reason: string };

async function presentForAdmin(ctx: VenuesContext, merchants: MerchantRow[]): Promise<AdminMerchant[]> {
  const venues = await listVenuesOfMerchants(
    ctx.db,
    merchants.map((merchant) => merchant.id),
  );
  const applicantIds = merchants.flatMap((merchant) => (merchant.applicantUserId ? [merchant.applicantUserId] : []));
  const applicants = await findUserSummaries(ctx.db, applicantIds);
  return merchants.map((merchant) => {
    const applicant = merchant.applicantUserId ? applicants.get(merchant.applicantUserId) : undefined;
    return {
      ...presentMerchant(merchant, venues),
      applicant: applicant ? { id: applicant.id, username: applicant.username, nickname: applicant.nickname } : null,
    };
  });
}

/** Why a compare-and-set review found nothing to change: no such merchant, or it is not pending. */
async function reviewRefusal(ctx: VenuesContext, merchantId: string): Promise<DomainError> {
  const merchant = await findMerchant(ctx.db, merchantId);
  if (!merchant) return notFound('Merchant');
  return new DomainError('ALREADY_REVIEWED', `The merchant is ${merchant.status}, not pending review`, {
    status: merchant.status,
  });
}

/**
 * pending → approved, with the venue that came with the application; the applicant becomes the
 * merchant's owner (their next token refresh carries the merchant). Callable without an HTTP actor.
 */
export async function approveMerchant(
  ctx: VenuesContext,
  input: { merchantId: string; reviewerId: string | null },
): Promise<{ merchant: MerchantRow; venues: VenueRow[] }> {
  const now = ctx.clock.now();
  const approved = await ctx.db.transaction(async (tx) => {
    const merchant = await reviewMerchant(tx, input.merchantId, {
      status: 'approved',
      reviewerId: input.reviewerId,
      reason: null,
      now,
    });
    if (!merchant) return null;
    const venues = await reviewApplicationVenues(tx, merchant.id, {
      status: 'approved',
      reviewerId: input.reviewerId,
      reason: null,
      now,
    });
    if (merchant.applicantUserId) {
      await grantMerchantRole(tx, { userId: merchant.applicantUserId, merchantId: merchant.id, role: 'merchant-owner' });
    }
    return { merchant, venues };
  });
  if (!approved) throw await reviewRefusal(ctx, input.merchantId);
  return approved;
}

/** pending → rejected with the reviewer's reason; the application's venue is rejected with it. */
export async function rejectMerchant(
  ctx: VenuesContext,
  input: { merchantId: string; reviewerId: string | null; reason: string },
): Promise<MerchantRow> {
  const now = ctx.clock.now();
  const review = { status: 'rejected' as const, reviewerId: input.reviewerId, reason: input.reason.trim(), now };
  const rejected = await ctx.db.transaction(async (tx) => {
    const merchant = await reviewMerchant(tx, input.merchantId, review);
    if (merchant) await reviewApplicationVenues(tx, merchant.id, review);
    return merchant;
  });
  if (!rejected) throw await reviewRefusal(ctx, input.merchantId);
  return rejected;
}

export async function reviewMerchantApplication(
  ctx: VenuesContext,
  actor: Actor,
  merchantId: string,
  decision: ReviewDecision,
): Promise<AdminMerchant> {
  assertPermission(actor, 'merchants.review');
  const merchant =
    decision.decision === 'approve'
      ? (await approveMerchant(ctx, { merchantId, reviewerId: actor.userId })).merchant
      : await rejectMerchant(ctx, { merchantId, reviewerId: actor.userId, reason: decision.reason });
  const [presented] = await presentForAdmin(ctx, [merchant]);
  return presented!;
}

export async function listMerchantsForReview(
  ctx: VenuesContext,
  actor: Actor,
  query: MerchantListQuery,
): Promise<Page<AdminMerchant>> {
  assertPermission(actor, 'merchants.review');
  const { rows, total } = await listMerchants(ctx.db, {
    status: query.status,
    q: query.q,
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  return pageOf(await presentForAdmin(ctx, rows), total, query);
}

export async function getMerchantForReview(ctx: VenuesContext, actor: Actor, merchantId: string): Promise<AdminMerchant> {
  assertPermission(actor, 'merchants.review');
  const merchant = await findMerchant(ctx.db, merchantId);
  if (!merchant) throw notFound('Merchant');
  const [presented] = await presentForAdmin(ctx, [merchant]);
  return presented!;
}

export async function listVenuesForReview(
  ctx: VenuesContext,
  actor: Actor,
  query: AdminVenueListQuery,
): Promise<Page<AdminVenue>> {
  assertPermission(actor, 'merchants.review');
  const { rows, total } = await listVenues(ctx.db, {
    status: query.status,
    merchantId: query.merchantId,
    cityCode: query.cityCode,
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  return pageOf(
    rows.map((row) => presentAdminVenue(row.venue, row.merchant)),
    total,
    query,
  );
}

const presentAdminVenue = (venue: VenueRow, merchant: MerchantRow): AdminVenue => ({
  ...presentVenue(venue),
  merchant: { id: merchant.id, name: merchant.name, status: merchant.status },
});

/**
 * Reviews a venue an approved merchant added: pending → approved or rejected (compare-and-set).
 * A venue that came with an application is reviewed with the application instead.
 */
export async function reviewAddedVenue(
  ctx: VenuesContext,
  actor: Actor,
  venueId: string,
  decision: ReviewDecision,
): Promise<AdminVenue> {
  assertPermission(actor, 'merchants.review');
  const reviewed = await reviewVenue(ctx.db, venueId, {
    status: decision.decision === 'approve' ? 'approved' : 'rejected',
    reviewerId: actor.userId,
    reason: decision.decision === 'reject' ? decision.reason.trim() : null,
    now: ctx.clock.now(),
  });
  if (!reviewed) throw await venueReviewRefusal(ctx, venueId);
  const merchant = await findMerchant(ctx.db, reviewed.merchantId);
  return presentAdminVenue(reviewed, merchant!);
}

/** Why a venue review found nothing to change: no such venue, reviewed already, or its merchant is not approved. */
async function venueReviewRefusal(ctx: VenuesContext, venueId: string): Promise<DomainError> {
  const venue = await findVenue(ctx.db, venueId);
  if (!venue) return notFound('Venue');
  if (venue.status !== 'pending') {
    return new DomainError('ALREADY_REVIEWED', `The venue is ${venue.status}, not pending review`, {
      status: venue.status,
    });
  }
  return new DomainError('CONFLICT', 'Review the merchant application first; its venue is reviewed with it');
}
