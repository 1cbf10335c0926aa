import { and, desc, eq, gt, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { LicenceStatus } from './rules.js';
import { licence, type LicenceRow } from './tables.js';

export interface NewLicence {
  merchantId: string;
  productionId: string;
  validFrom: string;
  validTo: string;
  feeAmount: number | null;
  feeCurrency: string | null;
}

export async function insertLicence(db: Db, values: NewLicence, now: Date): Promise<LicenceRow> {
  const [row] = await db
    .insert(licence)
    .values({ ...values, status: 'active', createdAt: now })
    .returning();
  return row!;
}

/** The derived status (see rules.ts) as a condition on the stored dates. */
function statusCondition(status: LicenceStatus, today: string): SQL {
  const active = eq(licence.status, 'active');
  switch (status) {
    case 'revoked':
      return eq(licence.status, 'revoked');
    case 'upcoming':
      return and(active, gt(licence.validFrom, today))!;
    case 'expired':
      return and(active, lt(licence.validTo, today))!;
    case 'active':
      return and(active, lte(licence.validFrom, today), gte(licence.validTo, today))!;
  }
}

export async function listLicences(
  db: Db,
  filter: {
    merchantId?: string;
    productionId?: string;
    status?: LicenceStatus;
    today: string;
    limit: number;
    offset: number;
  },
): Promise<{ rows: LicenceRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.merchantId) conditions.push(eq(licence.merchantId, filter.merchantId));
  if (filter.productionId) conditions.push(eq(licence.productionId, filter.productionId));
  if (filter.status) conditions.push(statusCondition(filter.status, filter.today));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const rows = await db
    .select()
    .from(licence)
    .where(where)
    .orderBy(desc(licence.validTo), desc(licence.createdAt), desc(licence.id))
    .limit(filter.limit)
    .offset(filter.offset);
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(licence).where(where);
  return { rows, total: Number(count?.total ?? 0) };
}

/** A licence of this merchant; another merchant's licence is null like a missing one. */
export async function findLicence(db: Db, id: string, merchantId?: string): Promise<LicenceRow | null> {
  const [row] = await db
    .select()
    .from(licence)
    .where(and(eq(licence.id, id), merchantId ? eq(licence.merchantId, merchantId) : undefined));
  return row ?? null;
}

/** Compare-and-set: active → revoked; null when it is not active (or does not exist). */
export async function revokeLicence(db: Db, id: string, now: Date): Promise<LicenceRow | null> {
  const [row] = await db
    .update(licence)
    .set({ status: 'revoked', revokedAt: now })
    .where(and(eq(licence.id, id), eq(licence.status, 'active')))
    .returning();
  return row ?? null;
}

export async function existsLicenceCovering(
  db: Db,
  merchantId: string,
  productionId: string,
  date: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: licence.id })
    .from(licence)
    .where(
      and(
        eq(licence.merchantId, merchantId),
        eq(licence.productionId, productionId),
        eq(licence.status, 'active'),
        lte(licence.validFrom, date),
        gte(licence.validTo, date),
      ),
    )
    .limit(1);
  return row !== undefined;
}
