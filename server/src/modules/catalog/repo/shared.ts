import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import { containsPattern } from '../../../db/like.js';

/** Both drivers answer timestamptz as a Date; text is accepted too so a driver change cannot break it. */
export const iso = (value: Date | string): string => new Date(value).toISOString();
export const isoOrNull = (value: Date | string | null): string | null => (value === null ? null : iso(value));

/** A text[] value: one parameter (a plain array would be spread into a list by the sql template). */
export const textArray = (values: readonly string[]): SQL => sql`${sql.param(values)}::text[]`;

/** Name search: substring first (works for one Chinese character), then trigram similarity. */
export const nameMatches = (column: SQL, q: string): SQL =>
  sql`(${column} ilike ${containsPattern(q)} or ${q} <% ${column})`;

/**
 * The total of a paged query that carried `count(*) over ()`; a page past the end has no row to carry
 * it, so only then is it counted separately.
 */
export async function totalOf(db: Db, rows: { total: number }[], table: SQL, where: SQL): Promise<number> {
  if (rows.length > 0) return rows[0]!.total;
  const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from ${table} where ${where}`);
  return count!.total;
}
