import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { IdType } from '../visitors/index.js';
import type { PassStatus, StoredPassStatus } from './rules.js';

/**
 * SQL of the passes tables. Local dates are read as text (`YYYY-MM-DD`): node-postgres would turn a
 * `date` into a Date at the server's midnight. The public product list reads the venue's status
 * read-only, as browsing does.
 */

const iso = (at: Date) => at.toISOString();

export interface ProductRow {
  id: string;
  merchantId: string;
  venueId: string;
  productionId: string | null;
  name: string;
  price: string | number;
  currency: string;
  validityDays: number;
  entriesPerDay: number;
  totalEntries: number | null;
  onSale: boolean;
  createdAt: Date | string;
  updatedAt: Date | string;
}

const PRODUCT_COLUMNS = sql`id, merchant_id as "merchantId", venue_id as "venueId", production_id as "productionId",
  name, price, currency, validity_days as "validityDays", entries_per_day as "entriesPerDay",
  total_entries as "totalEntries", on_sale as "onSale", created_at as "createdAt", updated_at as "updatedAt"`;

export interface NewProduct {
  merchantId: string;
  venueId: string;
  productionId: string | null;
  name: string;
  price: number;
  currency: string;
  validityDays: number;
  entriesPerDay: number;
  totalEntries: number | null;
  onSale: boolean;
  now: Date;
}

export async function insertProduct(db: Db, product: NewProduct): Promise<ProductRow> {
  const [row] = await queryRows<ProductRow>(
    db,
    sql`insert into pass_product (merchant_id, venue_id, production_id, name, price, currency, validity_days,
          entries_per_day, total_entries, on_sale, created_at, updated_at)
        values (${product.merchantId}, ${product.venueId}, ${product.productionId}, ${product.name}, ${product.price},
          ${product.currency}, ${product.validityDays}, ${product.entriesPerDay}, ${product.totalEntries},
          ${product.onSale}, ${iso(product.now)}, ${iso(product.now)})
        returning ${PRODUCT_COLUMNS}`,
  );
  return row!;
}

/** A product of the venue; one of another venue reads as missing. */
export async function findProductOfVenue(db: Db, venueId: string, productId: string): Promise<ProductRow | null> {
  const [row] = await queryRows<ProductRow>(
    db,
    sql`select ${PRODUCT_COLUMNS} from pass_product where id = ${productId} and venue_id = ${venueId}`,
  );
  return row ?? null;
}

/** The venue's products, oldest first, with the total; `onSaleOnly` for customers. */
export async function listProductsOfVenue(
  db: Db,
  venueId: string,
  page: { onSaleOnly: boolean; limit: number; offset: number },
): Promise<{ rows: ProductRow[]; total: number }> {
  const where = sql`venue_id = ${venueId} ${page.onSaleOnly ? sql`and on_sale` : sql``}`;
  const rows = await queryRows<ProductRow>(
    db,
    sql`select ${PRODUCT_COLUMNS} from pass_product where ${where}
        order by created_at, id limit ${page.limit} offset ${page.offset}`,
  );
  const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from pass_product where ${where}`);
  return { rows, total: count?.total ?? 0 };
}

export type ProductChanges = Partial<
  Pick<NewProduct, 'name' | 'price' | 'currency' | 'validityDays' | 'entriesPerDay' | 'totalEntries' | 'productionId' | 'onSale'>
>;

const PRODUCT_FIELDS: Record<keyof ProductChanges, string> = {
  name: 'name',
  price: 'price',
  currency: 'currency',
  validityDays: 'validity_days',
  entriesPerDay: 'entries_per_day',
  totalEntries: 'total_entries',
  productionId: 'production_id',
  onSale: 'on_sale',
};

/** Changes a product of the venue; null when the venue has no such product. */
export async function updateProduct(
  db: Db,
  venueId: string,
  productId: string,
  changes: ProductChanges,
  now: Date,
): Promise<ProductRow | null> {
  const sets: SQL[] = [sql`updated_at = ${iso(now)}`];
  for (const [field, column] of Object.entries(PRODUCT_FIELDS) as [keyof ProductChanges, string][]) {
    const value = changes[field];
    if (value !== undefined) sets.push(sql`${sql.identifier(column)} = ${value}`);
  }
  const [row] = await queryRows<ProductRow>(
    db,
    sql`update pass_product set ${sql.join(sets, sql`, `)}
        where id = ${productId} and venue_id = ${venueId}
        returning ${PRODUCT_COLUMNS}`,
  );
  return row ?? null;
}

/** Whether the venue exists and is approved by the platform: only those show their products. */
export async function isApprovedVenue(db: Db, venueId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from venue where id = ${venueId} and status = 'approved'`,
  );
  return rows.length === 1;
}

/** A product customers can buy now: on sale, at an approved venue. */
export async function findProductOnSale(db: Db, productId: string): Promise<ProductRow | null> {
  const [row] = await queryRows<ProductRow>(
    db,
    sql`select ${PRODUCT_COLUMNS} from pass_product p
        where p.id = ${productId} and p.on_sale
          and exists (select 1 from venue v where v.id = p.venue_id and v.status = 'approved')`,
  );
  return row ?? null;
}

export interface PassRow {
  id: string;
  userId: string;
  productId: string;
  productName: string;
  merchantId: string;
  venueId: string;
  productionId: string | null;
  visitorId: string;
  holderName: string;
  holderIdType: IdType;
  holderIdHash: string;
  holderIdMasked: string;
  price: string | number;
  currency: string;
  validityDays: number;
  entriesPerDay: number;
  totalEntries: number | null;
  entriesUsed: number;
  status: StoredPassStatus;
  validFrom: string | null;
  validTo: string | null;
  expiresAt: Date | string;
  paidAt: Date | string | null;
  createdAt: Date | string;
}

const PASS_COLUMNS = sql`s.id, s.user_id as "userId", s.product_id as "productId", p.name as "productName",
  s.merchant_id as "merchantId", s.venue_id as "venueId", s.production_id as "productionId",
  s.visitor_id as "visitorId", s.holder_name as "holderName", s.holder_id_type as "holderIdType",
  s.holder_id_hash as "holderIdHash", s.holder_id_masked as "holderIdMasked", s.price, s.currency,
  s.validity_days as "validityDays", s.entries_per_day as "entriesPerDay", s.total_entries as "totalEntries",
  s.entries_used as "entriesUsed", s.status, s.valid_from::text as "validFrom", s.valid_to::text as "validTo",
  s.expires_at as "expiresAt", s.paid_at as "paidAt", s.created_at as "createdAt"`;

export interface NewPass {
  id: string;
  userId: string;
  product: ProductRow;
  holder: { visitorId: string; name: string; idType: IdType; idHash: string; idMasked: string };
  expiresAt: Date;
  now: Date;
}

/** A pending pass with the product's terms copied in. */
export async function insertPass(db: Db, pass: NewPass): Promise<void> {
  const { product, holder } = pass;
  await db.execute(
    sql`insert into pass (id, user_id, product_id, merchant_id, venue_id, production_id, visitor_id, holder_name,
          holder_id_type, holder_id_hash, holder_id_masked, price, currency, validity_days, entries_per_day,
          total_entries, expires_at, created_at, updated_at)
        values (${pass.id}, ${pass.userId}, ${product.id}, ${product.merchantId}, ${product.venueId},
          ${product.productionId}, ${holder.visitorId}, ${holder.name}, ${holder.idType}, ${holder.idHash},
          ${holder.idMasked}, ${product.price}, ${product.currency}, ${product.validityDays}, ${product.entriesPerDay},
          ${product.totalEntries}, ${iso(pass.expiresAt)}, ${iso(pass.now)}, ${iso(pass.now)})`,
  );
}

/**
 * A pass, locked when asked (its bookings and its payment take turns on the row). With `userId`, only
 * that customer's pass: another's reads as missing.
 */
export async function findPass(
  db: Db,
  passId: string,
  options: { userId?: string; lock?: boolean } = {},
): Promise<PassRow | null> {
  const [row] = await queryRows<PassRow>(
    db,
    sql`select ${PASS_COLUMNS} from pass s join pass_product p on p.id = s.product_id
        where s.id = ${passId} ${options.userId !== undefined ? sql`and s.user_id = ${options.userId}` : sql``}
        ${options.lock ? sql`for update of s` : sql``}`,
  );
  return row ?? null;
}

/** The status as readers see it, in SQL: a pending or active pass past expires_at is expired. */
function statusIs(status: PassStatus, now: Date): SQL {
  if (status === 'expired') return sql`s.status in ('pending', 'active') and s.expires_at <= ${iso(now)}`;
  if (status === 'cancelled') return sql`s.status = 'cancelled'`;
  return sql`s.status = ${status} and s.expires_at > ${iso(now)}`;
}

/** The customer's passes, newest first, with the total. */
export async function listPasses(
  db: Db,
  userId: string,
  filter: { status?: PassStatus | undefined; now: Date; limit: number; offset: number },
): Promise<{ rows: PassRow[]; total: number }> {
  const where = sql`s.user_id = ${userId} ${filter.status ? sql`and ${statusIs(filter.status, filter.now)}` : sql``}`;
  const rows = await queryRows<PassRow>(
    db,
    sql`select ${PASS_COLUMNS} from pass s join pass_product p on p.id = s.product_id
        where ${where}
        order by s.created_at desc, s.id desc limit ${filter.limit} offset ${filter.offset}`,
  );
  const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from pass s where ${where}`);
  return { rows, total: count?.total ?? 0 };
}

export interface BookingRow {
  date: string;
  sessionId: string;
  orderId: string;
  bookedAt: Date | string;
}

export async function listBookings(db: Db, passId: string): Promise<BookingRow[]> {
  return queryRows<BookingRow>(
    db,
    sql`select local_date::text as date, session_id as "sessionId", order_id as "orderId", created_at as "bookedAt"
        from pass_booking where pass_id = ${passId} order by local_date desc`,
  );
}

/**
 * Books the pass for a local day and takes one of its entries, in one statement: the primary key
 * refuses a second booking of the day (day-taken, even against a parallel booking), and the entry is
 * counted only when there is one left (used-up). Run it under the pass's lock.
 */
export async function insertBooking(
  db: Db,
  booking: { passId: string; localDate: string; sessionId: string; orderId: string; now: Date },
): Promise<'booked' | 'day-taken' | 'used-up'> {
  const [row] = await queryRows<{ room: number; booked: number }>(
    db,
    sql`with room as (
          select id from pass
          where id = ${booking.passId} and (total_entries is null or entries_used < total_entries)
        ), booked as (
          insert into pass_booking (pass_id, local_date, session_id, order_id, created_at)
          select id, ${booking.localDate}::date, ${booking.sessionId}, ${booking.orderId}, ${iso(booking.now)}
          from room
          on conflict (pass_id, local_date) do nothing
          returning pass_id
        ), counted as (
          -- Runs whether or not the answer reads it, like every data-modifying WITH.
          update pass set entries_used = entries_used + 1, updated_at = ${iso(booking.now)}
          where id in (select pass_id from booked)
          returning id
        )
        select (select count(*) from room)::int as room,
               (select count(*) from booked)::int as booked`,
  );
  if (row!.room === 0) return 'used-up';
  return row!.booked === 1 ? 'booked' : 'day-taken';
}

/**
 * pending → active with its validity (compare-and-set: a pass cancelled, or already active, is left
 * alone); false when nothing changed.
 */
export async function markActive(
  db: Db,
  passId: string,
  validity: { validFrom: string; validTo: string; endsAt: Date },
  paidAt: Date,
): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update pass set status = 'active', valid_from = ${validity.validFrom}::date, valid_to = ${validity.validTo}::date,
          expires_at = ${iso(validity.endsAt)}, paid_at = ${iso(paidAt)}, updated_at = ${iso(paidAt)}
        where id = ${passId} and status = 'pending'
        returning id`,
  );
  return rows.length === 1;
}

/** pending → cancelled for the customer's pass within its payment window; false when it is not so. */
export async function markCancelled(db: Db, userId: string, passId: string, now: Date): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update pass set status = 'cancelled', cancelled_at = ${iso(now)}, updated_at = ${iso(now)}
        where id = ${passId} and user_id = ${userId} and status = 'pending' and expires_at > ${iso(now)}
        returning id`,
  );
  return rows.length === 1;
}

/** Keeps a pending pass open for a payment until `until` (never shortens it). */
export async function extendPending(db: Db, passId: string, until: Date): Promise<void> {
  await db.execute(
    sql`update pass set expires_at = greatest(expires_at, ${iso(until)})
        where id = ${passId} and status = 'pending'`,
  );
}

/**
 * Gives back the day an order booked with a pass, and its entry, when that order is refunded: the
 * booking goes, so the pass may book that day again. Answers whether the order had a booking.
 */
export async function deleteBookingOfOrder(db: Db, orderId: string, now: Date): Promise<boolean> {
  const [row] = await queryRows<{ released: number }>(
    db,
    sql`with released as (
          delete from pass_booking where order_id = ${orderId} returning pass_id
        ), counted as (
          update pass set entries_used = entries_used - 1, updated_at = ${iso(now)}
          where id in (select pass_id from released)
          returning id
        )
        select (select count(*) from counted)::int as released`,
  );
  return row!.released > 0;
}
