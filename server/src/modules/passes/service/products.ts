import type { Db } from '../../../db/client.js';
import { merchantIdOf, type Actor } from '../../../http/actor.js';
import { notFound } from '../../../http/errors.js';
import { offsetOf, pageOf, type Page } from '../../../http/pagination.js';
import { getProductionForScheduling } from '../../catalog/index.js';
import { assertPermission } from '../../identity/index.js';
import { getVenueForScheduling } from '../../venues/index.js';
import * as repo from '../repo.js';
import { assertCurrency } from '../rules.js';
import type { CreateProductBody, PatchProductBody, ProductQuery, ProductView } from '../schemas.js';
import { isUuid, type PassesContext } from './context.js';
import { productView } from './views.js';

/**
 * The merchant whose venue's pass products the actor manages: staff of an approved merchant with
 * `merchant.sessions.manage` (passes admit to the sessions they schedule), and the venue must be the
 * merchant's (another merchant's reads as missing).
 */
async function venueOfActor(db: Db, actor: Actor, venueId: string): Promise<{ merchantId: string; venueId: string }> {
  const merchantId = merchantIdOf(actor);
  assertPermission(actor, 'merchant.sessions.manage');
  const venue = await getVenueForScheduling(db, merchantId, venueId);
  return { merchantId, venueId: venue.id };
}

/** The production a product admits to: the merchant's own, or a platform movie (others read as missing). */
async function assertAdmissible(db: Db, merchantId: string, productionId: string | null | undefined): Promise<void> {
  if (productionId === null || productionId === undefined) return;
  const production = await getProductionForScheduling(db, productionId);
  const visible = production.kind === 'movie' ? production.merchantId === null : production.merchantId === merchantId;
  if (!visible) throw notFound('Production');
}

export async function createProduct(
  ctx: PassesContext,
  actor: Actor,
  venueId: string,
  body: CreateProductBody,
): Promise<ProductView> {
  const venue = await venueOfActor(ctx.db, actor, venueId);
  const currency = body.currency ?? 'CNY';
  assertCurrency(currency);
  await assertAdmissible(ctx.db, venue.merchantId, body.productionId);
  const row = await repo.insertProduct(ctx.db, {
    ...venue,
    productionId: body.productionId ?? null,
    name: body.name.trim(),
    price: body.price,
    currency,
    validityDays: body.validityDays,
    entriesPerDay: body.entriesPerDay ?? 1,
    totalEntries: body.totalEntries ?? null,
    onSale: body.onSale ?? false,
    now: ctx.clock.now(),
  });
  return productView(row);
}

export async function listProducts(
  ctx: PassesContext,
  actor: Actor,
  venueId: string,
  query: ProductQuery,
): Promise<Page<ProductView>> {
  const venue = await venueOfActor(ctx.db, actor, venueId);
  const { rows, total } = await repo.listProductsOfVenue(ctx.db, venue.venueId, {
    onSaleOnly: false,
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  return pageOf(rows.map(productView), total, query);
}

export async function getProduct(ctx: PassesContext, actor: Actor, venueId: string, productId: string): Promise<ProductView> {
  const venue = await venueOfActor(ctx.db, actor, venueId);
  const row = await repo.findProductOfVenue(ctx.db, venue.venueId, productId);
  if (!row) throw notFound('Pass product');
  return productView(row);
}

/** Changes a product; passes already sold keep the terms they were bought with. */
export async function updateProduct(
  ctx: PassesContext,
  actor: Actor,
  venueId: string,
  productId: string,
  body: PatchProductBody,
): Promise<ProductView> {
  const venue = await venueOfActor(ctx.db, actor, venueId);
  if (body.currency !== undefined) assertCurrency(body.currency);
  await assertAdmissible(ctx.db, venue.merchantId, body.productionId);
  const row = await repo.updateProduct(
    ctx.db,
    venue.venueId,
    productId,
    { ...body, ...(body.name !== undefined ? { name: body.name.trim() } : {}) },
    ctx.clock.now(),
  );
  if (!row) throw notFound('Pass product');
  return productView(row);
}

/** GET /api/venues/:id/pass-products: what an approved venue sells now; any other venue is NOT_FOUND. */
export async function listProductsOnSale(ctx: PassesContext, venueId: string, query: ProductQuery): Promise<Page<ProductView>> {
  if (!isUuid(venueId) || !(await repo.isApprovedVenue(ctx.db, venueId))) throw notFound('Venue');
  const { rows, total } = await repo.listProductsOfVenue(ctx.db, venueId, {
    onSaleOnly: true,
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  return pageOf(rows.map(productView), total, query);
}
