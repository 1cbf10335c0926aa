import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import { containsPattern } from '../../../db/like.js';
import type { CityRow } from '../rules.js';
import type { CityView } from '../schemas.js';

export async function countCities(db: Db): Promise<number> {
  const [row] = await queryRows<{ count: number }>(db, sql`select count(*)::int as count from city`);
  return row!.count;
}

/**
 * Inserts new cities and updates changed ones; an unchanged row is not touched. Answers how many of
 * each (xmax = 0 marks a row this statement inserted rather than updated).
 */
export async function upsertCities(db: Db, rows: readonly CityRow[]): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const values = rows.map(
    (row) => sql`(${row.code}, ${row.name}, ${row.provinceCode}, ${row.provinceName}, ${row.level})`,
  );
  const written = await queryRows<{ inserted: boolean }>(
    db,
    sql`insert into city as c (code, name, province_code, province_name, level)
        values ${sql.join(values, sql`, `)}
        on conflict (code) do update set
          name = excluded.name, province_code = excluded.province_code,
          province_name = excluded.province_name, level = excluded.level
        where (c.name, c.province_code, c.province_name, c.level)
          is distinct from (excluded.name, excluded.province_code, excluded.province_name, excluded.level)
        returning (xmax = 0) as inserted`,
  );
  const inserted = written.filter((row) => row.inserted).length;
  return { inserted, updated: written.length - inserted };
}

const CITY_COLUMNS = sql`code, name, province_name as province, province_code as "provinceCode"`;

export async function listCities(db: Db, filter: { q?: string; level: 'province' | 'city' }): Promise<CityView[]> {
  return queryRows<CityView>(
    db,
    sql`select ${CITY_COLUMNS} from city
        where level = ${filter.level}
          ${filter.q === undefined ? sql`` : sql`and name ilike ${containsPattern(filter.q)}`}
        order by code`,
  );
}

export async function findCity(db: Db, code: string): Promise<CityView | null> {
  const [row] = await queryRows<CityView>(db, sql`select ${CITY_COLUMNS} from city where code = ${code}`);
  return row ?? null;
}
