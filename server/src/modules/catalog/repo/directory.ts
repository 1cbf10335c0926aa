import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import type { CategoryView, CompanyKind, CompanyView, PersonView, ProductionKind } from '../schemas.js';
import { iso, nameMatches, textArray, totalOf } from './shared.js';

export async function listCategories(db: Db, kind: ProductionKind | undefined): Promise<CategoryView[]> {
  return queryRows<CategoryView>(
    db,
    sql`select code, name_zh as "nameZh", name_en as "nameEn", to_json(kinds) as kinds
        from category
        where ${kind === undefined ? sql`true` : sql`${kind} = any(kinds)`}
        order by code`,
  );
}

/** code → the kinds using it, for the codes that exist. */
export async function kindsOfCategories(db: Db, codes: readonly string[]): Promise<Map<string, string[]>> {
  if (codes.length === 0) return new Map();
  const rows = await queryRows<{ code: string; kinds: string[] }>(
    db,
    sql`select code, to_json(kinds) as kinds from category where code = any(${textArray(codes)})`,
  );
  return new Map(rows.map((row) => [row.code, row.kinds]));
}
interface CompanyRow {
  id: string;
  name: string;
  kind: CompanyKind;
  createdAt: Date | string;
}

const companyView = (row: CompanyRow): CompanyView => ({ ...row, createdAt: iso(row.createdAt) });

export async function insertCompany(
  db: Db,
  input: { name: string; kind: CompanyKind },
  now: Date,
): Promise<CompanyView> {
  const [row] = await queryRows<CompanyRow>(
    db,
    sql`insert into company (name, kind, created_at) values (${input.name}, ${input.kind}, ${now})
        returning id, name, kind, created_at as "createdAt"`,
  );
  return companyView(row!);
}

export async function companyExists(db: Db, id: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(db, sql`select id from company where id = ${id}`);
  return rows.length > 0;
}

export async function listCompanies(
  db: Db,
  filter: { q?: string; kind?: CompanyKind; limit: number; offset: number },
): Promise<{ items: CompanyView[]; total: number }> {
  const conditions: SQL[] = [sql`true`];
  if (filter.q !== undefined) conditions.push(nameMatches(sql`name`, filter.q));
  if (filter.kind !== undefined) conditions.push(sql`kind = ${filter.kind}`);
  const where = sql.join(conditions, sql` and `);
  const rows = await queryRows<CompanyRow & { total: number }>(
    db,
    sql`select id, name, kind, created_at as "createdAt", (count(*) over ())::int as total
        from company where ${where}
        order by ${filter.q === undefined ? sql`name` : sql`word_similarity(${filter.q}, name) desc, name`}, id
        limit ${filter.limit} offset ${filter.offset}`,
  );
  return { items: rows.map(({ total: _total, ...row }) => companyView(row)), total: await totalOf(db, rows, sql`company`, where) };
}

interface PersonRow {
  id: string;
  name: string;
  originalName: string | null;
  avatarUrl: string | null;
  createdAt: Date | string;
}

const personView = (row: PersonRow): PersonView => ({ ...row, createdAt: iso(row.createdAt) });

export async function insertPerson(
  db: Db,
  input: { name: string; originalName: string | null; avatarUrl: string | null },
  now: Date,
): Promise<PersonView> {
  const [row] = await queryRows<PersonRow>(
    db,
    sql`insert into person (name, original_name, avatar_url, created_at)
        values (${input.name}, ${input.originalName}, ${input.avatarUrl}, ${now})
        returning id, name, original_name as "originalName", avatar_url as "avatarUrl", created_at as "createdAt"`,
  );
  return personView(row!);
}

export async function listPeople(
  db: Db,
  filter: { q?: string; limit: number; offset: number },
): Promise<{ items: PersonView[]; total: number }> {
  const where =
    filter.q === undefined
      ? sql`true`
      : sql`(${nameMatches(sql`name`, filter.q)} or ${nameMatches(sql`original_name`, filter.q)})`;
  const rows = await queryRows<PersonRow & { total: number }>(
    db,
    sql`select id, name, original_name as "originalName", avatar_url as "avatarUrl", created_at as "createdAt",
               (count(*) over ())::int as total
        from person where ${where}
        order by ${filter.q === undefined ? sql`name` : sql`greatest(word_similarity(${filter.q}, name), word_similarity(${filter.q}, coalesce(original_name, ''))) desc, name`}, id
        limit ${filter.limit} offset ${filter.offset}`,
  );
  return { items: rows.map(({ total: _total, ...row }) => personView(row)), total: await totalOf(db, rows, sql`person`, where) };
}

export async function existingPersonIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id::text as id from person where id = any(${sql.param(ids)}::uuid[])`,
  );
  return new Set(rows.map((row) => row.id));
}

export async function findCompanySummary(
  db: Db,
  id: string,
): Promise<{ id: string; name: string; kind: CompanyKind } | null> {
  const [row] = await queryRows<{ id: string; name: string; kind: CompanyKind }>(
    db,
    sql`select id, name, kind from company where id = ${id}`,
  );
  return row ?? null;
}
