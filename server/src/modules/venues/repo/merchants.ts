import { containsPattern } from '../../../db/like.js';
import { and, asc, desc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { merchant, type MerchantRow, type MerchantStatus } from '../tables.js';

/**
 * A new pending merchant; null when the applicant already has one pending (the partial unique index
 * `merchant_one_pending_application` decides, so two parallel applications cannot both get in).
 */
export async function insertMerchant(
  db: Db,
  values: { name: string; applicantUserId: string | null; now: Date },
): Promise<MerchantRow | null> {
  const [row] = await db
    .insert(merchant)
    .values({
      name: values.name,
      status: 'pending',
      applicantUserId: values.applicantUserId,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .onConflictDoNothing({ target: merchant.applicantUserId, where: sql`status = 'pending'` })
    .returning();
  return row ?? null;
}

export async function findMerchant(db: Db, id: string, options: { lock?: boolean } = {}): Promise<MerchantRow | null> {
  const query = db.select().from(merchant).where(eq(merchant.id, id));
  const [row] = options.lock ? await query.for('no key update') : await query;
  return row ?? null;
}

export async function listMerchantsOfApplicant(db: Db, userId: string): Promise<MerchantRow[]> {
  return db
    .select()
    .from(merchant)
    .where(eq(merchant.applicantUserId, userId))
    .orderBy(desc(merchant.createdAt), desc(merchant.id));
}

export async function listMerchants(
  db: Db,
  filter: { status?: MerchantStatus; q?: string; limit: number; offset: number },
): Promise<{ rows: MerchantRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(merchant.status, filter.status));
  if (filter.q) conditions.push(ilike(merchant.name, containsPattern(filter.q)));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const rows = await db
    .select()
    .from(merchant)
    .where(where)
    .orderBy(asc(merchant.createdAt), asc(merchant.id))
    .limit(filter.limit)
    .offset(filter.offset);
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(merchant).where(where);
  return { rows, total: Number(count?.total ?? 0) };
}

/**
 * Compare-and-set review: pending → approved or rejected. Null when the merchant is not pending
 * (reviewed already, perhaps by a parallel request) or does not exist.
 */
export async function reviewMerchant(
  db: Db,
  id: string,
  review: { status: 'approved' | 'rejected'; reviewerId: string | null; reason: string | null; now: Date },
): Promise<MerchantRow | null> {
  const [row] = await db
    .update(merchant)
    .set({
      status: review.status,
      rejectReason: review.reason,
      reviewedBy: review.reviewerId,
      reviewedAt: review.now,
      updatedAt: review.now,
    })
    .where(and(eq(merchant.id, id), eq(merchant.status, 'pending')))
    .returning();
  return row ?? null;
}

