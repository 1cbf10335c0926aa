import type { PersonRole, ProductionKind, ProductionStatus } from './schemas.js';

/**
 * The life of a production:
 * - draft: being written; everything may change, the kind included. Deleting it removes it.
 * - pending-review: a merchant submitted it; the platform publishes it or sends it back to draft with a reason.
 * - published: on sale where sessions exist; only the synopsis and poster change for its merchant.
 * - archived: off the catalogue, kept for the orders and reports that name it (deleting anything but a
 *   draft archives it). The platform may bring it back.
 */
const ADMIN_TRANSITIONS: Record<ProductionStatus, readonly ProductionStatus[]> = {
  draft: ['pending-review', 'published', 'archived'],
  'pending-review': ['draft', 'published', 'archived'],
  published: ['archived'],
  archived: ['draft', 'published'],
};

/** A merchant only submits its drafts; publishing is the platform's decision. */
const MERCHANT_TRANSITIONS: Record<ProductionStatus, readonly ProductionStatus[]> = {
  draft: ['pending-review'],
  'pending-review': [],
  published: [],
  archived: [],
};

export type Editor = 'admin' | 'merchant';

export function canTransition(editor: Editor, from: ProductionStatus, to: ProductionStatus): boolean {
  return (editor === 'admin' ? ADMIN_TRANSITIONS : MERCHANT_TRANSITIONS)[from].includes(to);
}

/** What DELETE does: a draft has no history and goes; anything else is archived. */
export const deletionOf = (status: ProductionStatus): 'delete' | 'archive' => (status === 'draft' ? 'delete' : 'archive');

/** The editable description of a production, as compared between its stored and requested states. */
export interface ProductionContent {
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
  people: CreditInput[];
}

export interface CreditInput {
  personId: string;
  role: PersonRole;
  characterName?: string | null;
}

export type ContentField = keyof ProductionContent;

const comparable = (field: ContentField, value: ProductionContent[ContentField]): string =>
  field === 'people'
    ? JSON.stringify(
        (value as CreditInput[]).map((credit) => [credit.personId, credit.role, credit.characterName ?? null]),
      )
    : JSON.stringify(value ?? null);

/** The fields of `patch` whose value differs from `current`: a form sent back whole changes only what it changes. */
export function changedFields(current: ProductionContent, patch: Partial<ProductionContent>): ContentField[] {
  return (Object.keys(patch) as ContentField[]).filter(
    (field) => patch[field] !== undefined && comparable(field, patch[field]) !== comparable(field, current[field]),
  );
}

/** What a merchant may still change once the platform has the production (in review or published). */
const MERCHANT_EDITABLE_AFTER_DRAFT: readonly ContentField[] = ['synopsis', 'posterUrl'];

/**
 * The changed fields the production's status does not allow this editor to change. The kind is fixed after
 * draft for everyone (sessions, licences and inventory depend on it); a merchant's submitted or published
 * production keeps its description apart from the synopsis and poster, and an archived one is frozen for it.
 */
export function lockedFields(editor: Editor, status: ProductionStatus, changed: readonly ContentField[]): ContentField[] {
  if (status === 'draft') return [];
  if (editor === 'admin') return changed.filter((field) => field === 'kind');
  if (status === 'archived') return [...changed];
  return changed.filter((field) => !MERCHANT_EDITABLE_AFTER_DRAFT.includes(field));
}

/** Category codes that are unknown or not used for `kind`; `known` maps each code to the kinds using it. */
export function unusableCategories(
  codes: readonly string[],
  known: ReadonlyMap<string, readonly string[]>,
  kind: ProductionKind,
): string[] {
  return codes.filter((code) => !(known.get(code) ?? []).includes(kind));
}

/** The same person twice in the same role cannot be credited (one row per person and role). */
export function duplicateCredits(people: readonly CreditInput[]): CreditInput[] {
  const seen = new Set<string>();
  return people.filter((credit) => {
    const key = `${credit.personId}/${credit.role}`;
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
}


/** One row of the `city` table. */
export interface CityRow {
  code: string;
  name: string;
  provinceCode: string;
  provinceName: string;
  level: 'province' | 'city';
}

/** The GB/T 2260 divisions as the data package lists them: provinces, prefectures, county-level units. */
export interface Divisions {
  provinces: { code: string; name: string }[];
  prefectures: { code: string; name: string }[];
  counties: { code: string; name: string }[];
}

const provinceCodeOf = (code: string): string => `${code.slice(0, 2)}0000`;
/** Code xx90yy groups the county-level units a province administers directly (省直辖县级行政区划). */
const directlyAdministered = (code: string): boolean => code.slice(2, 4) === '90';

/**
 * Turns the GB/T 2260 divisions into the cities customers choose from:
 * - every province (with Hong Kong, Macao and Taiwan, which have no prefectures in the standard) as `province`;
 * - every prefecture-level city, prefecture, league and autonomous prefecture as `city`;
 * - a municipality (a province named …市: Beijing, Tianjin, Shanghai, Chongqing) as one `city` under the code of
 *   its urban districts, 110100 for Beijing, named like the province, since the standard lists no prefecture
 *   of that name;
 * - the county-level cities a province administers directly (仙桃市, 济源市, 石河子市…), which ticketing sites
 *   list as cities of their own; the counties and forestry districts in the same group are left out.
 */
export function citiesFromDivisions(divisions: Divisions): CityRow[] {
  const provinceNames = new Map(divisions.provinces.map((province) => [province.code, province.name]));
  const rows: CityRow[] = divisions.provinces.map((province) => ({
    code: province.code,
    name: province.name,
    provinceCode: province.code,
    provinceName: province.name,
    level: 'province',
  }));
  const cityOf = (code: string, name: string): CityRow | null => {
    const provinceCode = provinceCodeOf(code);
    const provinceName = provinceNames.get(provinceCode);
    return provinceName ? { code, name, provinceCode, provinceName, level: 'city' } : null;
  };
  const candidates = [
    ...divisions.provinces
      .filter((province) => province.name.endsWith('市'))
      .map((province) => cityOf(`${province.code.slice(0, 2)}0100`, province.name)),
    ...divisions.prefectures
      .filter((prefecture) => !directlyAdministered(prefecture.code))
      .map((prefecture) => cityOf(prefecture.code, prefecture.name)),
    ...divisions.counties
      .filter((county) => directlyAdministered(county.code) && county.name.endsWith('市'))
      .map((county) => cityOf(county.code, county.name)),
  ];
  const seen = new Set(rows.map((row) => row.code));
  for (const row of candidates) {
    if (row && !seen.has(row.code)) {
      seen.add(row.code);
      rows.push(row);
    }
  }
  return rows.sort((a, b) => a.code.localeCompare(b.code));
}
