import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import type { CreditInput } from '../rules.js';
import type { CreditView, ProductionKind, ProductionStatus, ProductionSummaryView } from '../schemas.js';
import { iso, isoOrNull, nameMatches, textArray, totalOf } from './shared.js';

type Timestamps = 'createdAt' | 'updatedAt' | 'submittedAt' | 'reviewedAt';

/** A production row as the drivers answer it, timestamps not yet in ISO form. */
interface ProductionRow extends Omit<ProductionSummaryView, Timestamps> {
  synopsis: string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
  submittedAt: Date | string | null;
  reviewedAt: Date | string | null;
}

const PRODUCTION_COLUMNS = sql`
  p.id, p.kind, p.title, p.original_title as "originalTitle", p.synopsis, to_json(p.categories) as categories,
  p.duration_minutes as "durationMinutes", p.age_rating as "ageRating",
  to_char(p.release_date, 'YYYY-MM-DD') as "releaseDate", p.poster_url as "posterUrl",
  p.company_id as "companyId", p.merchant_id as "merchantId", p.status, p.rejection_reason as "rejectionReason",
  p.submitted_at as "submittedAt", p.reviewed_at as "reviewedAt",
  p.rating_average::float8 as "ratingAverage", p.rating_count as "ratingCount",
  p.created_at as "createdAt", p.updated_at as "updatedAt"`;

export interface StoredProduction extends ProductionSummaryView {
  synopsis: string | null;
}

const productionOf = (row: ProductionRow): StoredProduction => ({
  ...row,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
  submittedAt: isoOrNull(row.submittedAt),
  reviewedAt: isoOrNull(row.reviewedAt),
});

export interface NewProduction {
  kind: ProductionKind;
  title: string;
  originalTitle: string | null;
  synopsis: string | null;
  categories: string[];
  durationMinutes: number;
  ageRating: string | null;
  releaseDate: string | null;
  posterUrl: string | null;
  companyId: string | null;
  merchantId: string | null;
  status: ProductionStatus;
}

export async function insertProduction(db: Db, input: NewProduction, now: Date): Promise<StoredProduction> {
  const [row] = await queryRows<ProductionRow>(
    db,
    sql`insert into production as p (kind, title, original_title, synopsis, categories, duration_minutes, age_rating,
          release_date, poster_url, company_id, merchant_id, status, submitted_at, reviewed_at, created_at, updated_at)
        values (${input.kind}, ${input.title}, ${input.originalTitle}, ${input.synopsis}, ${textArray(input.categories)},
          ${input.durationMinutes}, ${input.ageRating}, ${input.releaseDate}::date, ${input.posterUrl},
          ${input.companyId}, ${input.merchantId}, ${input.status},
          ${input.status === 'pending-review' ? now : null}, ${input.status === 'published' ? now : null},
          ${now}, ${now})
        returning ${PRODUCTION_COLUMNS}`,
  );
  return productionOf(row!);
}

/**
 * One production, if it exists and (when `merchantId` is given) belongs to that merchant. `forUpdate`
 * locks the row for the rest of the transaction, so the status read decides the write.
 */
export async function findProduction(
  db: Db,
  id: string,
  options: { merchantId?: string; forUpdate?: boolean } = {},
): Promise<StoredProduction | null> {
  const [row] = await queryRows<ProductionRow>(
    db,
    sql`select ${PRODUCTION_COLUMNS} from production p
        where p.id = ${id} ${options.merchantId === undefined ? sql`` : sql`and p.merchant_id = ${options.merchantId}`}
        ${options.forUpdate ? sql`for update` : sql``}`,
  );
  return row ? productionOf(row) : null;
}

export async function listCredits(db: Db, productionId: string): Promise<CreditView[]> {
  return queryRows<CreditView>(
    db,
    sql`select pp.person_id as "personId", pe.name, pe.original_name as "originalName", pe.avatar_url as "avatarUrl",
               pp.role, pp.character_name as "characterName"
        from production_person pp join person pe on pe.id = pp.person_id
        where pp.production_id = ${productionId}
        order by pp.sort_order`,
  );
}

/** Replaces a production's credits with `people`, in the given order. */
export async function replaceCredits(db: Db, productionId: string, people: readonly CreditInput[]): Promise<void> {
  await db.execute(sql`delete from production_person where production_id = ${productionId}`);
  if (people.length === 0) return;
  const values = people.map(
    (credit, index) =>
      sql`(${productionId}, ${credit.personId}, ${credit.role}, ${credit.characterName ?? null}, ${index})`,
  );
  await db.execute(
    sql`insert into production_person (production_id, person_id, role, character_name, sort_order)
        values ${sql.join(values, sql`, `)}`,
  );
}

export interface ProductionFilter {
  kind?: ProductionKind;
  status?: ProductionStatus;
  q?: string;
  merchantId?: string;
  limit: number;
  offset: number;
}

/**
 * A page of productions, newest change first, or best title match first when searching. The title search
 * finds substrings (a Chinese title by part of it) and near spellings by trigram word similarity, using the
 * trigram indexes on both title columns; the caller sets the similarity threshold for its transaction.
 */
export async function listProductions(
  db: Db,
  filter: ProductionFilter,
): Promise<{ items: StoredProduction[]; total: number }> {
  const conditions: SQL[] = [sql`true`];
  if (filter.kind !== undefined) conditions.push(sql`p.kind = ${filter.kind}`);
  if (filter.status !== undefined) conditions.push(sql`p.status = ${filter.status}`);
  if (filter.merchantId !== undefined) conditions.push(sql`p.merchant_id = ${filter.merchantId}`);
  if (filter.q !== undefined) {
    conditions.push(sql`(${nameMatches(sql`p.title`, filter.q)} or ${nameMatches(sql`p.original_title`, filter.q)})`);
  }
  const where = sql.join(conditions, sql` and `);
  const order =
    filter.q === undefined
      ? sql`p.updated_at desc`
      : sql`greatest(word_similarity(${filter.q}, p.title), word_similarity(${filter.q}, coalesce(p.original_title, ''))) desc, p.updated_at desc`;
  const rows = await queryRows<ProductionRow & { total: number }>(
    db,
    sql`select ${PRODUCTION_COLUMNS}, (count(*) over ())::int as total
        from production p where ${where}
        order by ${order}, p.id
        limit ${filter.limit} offset ${filter.offset}`,
  );
  return {
    items: rows.map(({ total: _total, ...row }) => productionOf(row)),
    total: await totalOf(db, rows, sql`production p`, where),
  };
}

/** Lowers the trigram word-similarity threshold for this transaction, so a misspelt title still matches. */
export async function useSearchThreshold(db: Db, threshold: number): Promise<void> {
  await db.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${String(threshold)}, true)`);
}

export type ProductionChanges = Partial<Omit<NewProduction, 'merchantId' | 'status'>>;

const COLUMN_OF: Record<keyof ProductionChanges, string> = {
  kind: 'kind',
  title: 'title',
  originalTitle: 'original_title',
  synopsis: 'synopsis',
  categories: 'categories',
  durationMinutes: 'duration_minutes',
  ageRating: 'age_rating',
  releaseDate: 'release_date',
  posterUrl: 'poster_url',
  companyId: 'company_id',
};

const valueOf = (field: keyof ProductionChanges, value: ProductionChanges[keyof ProductionChanges]): SQL =>
  field === 'categories'
    ? textArray(value as string[])
    : field === 'releaseDate'
      ? sql`${value ?? null}::date`
      : sql`${value ?? null}`;

/** Writes the changed description fields (column names come from the fixed map above, never from input). */
export async function updateProductionContent(db: Db, id: string, changes: ProductionChanges, now: Date): Promise<void> {
  const fields = (Object.keys(changes) as (keyof ProductionChanges)[]).filter((field) => changes[field] !== undefined);
  const assignments = fields.map((field) => sql`${sql.identifier(COLUMN_OF[field])} = ${valueOf(field, changes[field])}`);
  await db.execute(
    sql`update production set ${sql.join([...assignments, sql`updated_at = ${now}`], sql`, `)} where id = ${id}`,
  );
}

/**
 * Compare-and-set of the status: changes it only while it is still `from`. Submitting stamps `submitted_at`,
 * a review outcome `reviewed_at`; `rejectionReason` is kept on a rejection and cleared on publication.
 * Answers false when the row is no longer in `from`.
 */
export async function changeStatus(
  db: Db,
  id: string,
  change: { from: ProductionStatus; to: ProductionStatus; rejectionReason?: string },
  now: Date,
): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update production set
          status = ${change.to},
          updated_at = ${now},
          submitted_at = ${change.to === 'pending-review' ? sql`${now}` : sql`submitted_at`},
          reviewed_at = ${change.from === 'pending-review' && change.to !== 'archived' ? sql`${now}` : sql`reviewed_at`},
          rejection_reason = ${
            change.rejectionReason !== undefined
              ? sql`${change.rejectionReason}`
              : change.to === 'published'
                ? sql`null`
                : sql`rejection_reason`
          }
        where id = ${id} and status = ${change.from}
        returning id`,
  );
  return rows.length > 0;
}

/** Deletes a production only while it is a draft (its credits go with it); false when it is not one. */
export async function deleteDraft(db: Db, id: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`delete from production where id = ${id} and status = 'draft' returning id`,
  );
  return rows.length > 0;
}

export interface ProductionForScheduling {
  id: string;
  kind: ProductionKind;
  title: string;
  durationMinutes: number;
  status: ProductionStatus;
  merchantId: string | null;
}

export async function findProductionForScheduling(db: Db, id: string): Promise<ProductionForScheduling | null> {
  const [row] = await queryRows<ProductionForScheduling>(
    db,
    sql`select id, kind, title, duration_minutes as "durationMinutes", status, merchant_id as "merchantId"
        from production where id = ${id}`,
  );
  return row ?? null;
}
