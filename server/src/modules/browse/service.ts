import type { Db } from '../../db/client.js';
import type { Clock } from '../../clock.js';
import { notFound } from '../../http/errors.js';
import { moneyOf } from '../../http/money.js';
import { offsetOf, pageOf, type Page } from '../../http/pagination.js';
import { localDateOf } from '../scheduling/index.js';
import * as repo from './repo.js';
import { effectiveSort } from './rules.js';
import type {
  ProductionDetail,
  ProductionListItem,
  ProductionListQuery,
  SessionListItem,
  SessionListQuery,
  VenueListItem,
  VenueListQuery,
} from './schemas.js';

/** Rankings and box office are kept in the platform's currency. */
const PLATFORM_CURRENCY = 'CNY';
/** "Today" for release recency is the platform's calendar day. */
const PLATFORM_TIME_ZONE = 'Asia/Shanghai';

const isoOf = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());
const numberOrNull = (value: string | number | null): number | null => (value === null ? null : Number(value));
const priceOf = (amount: string | number | null, currency: string | null) =>
  amount === null || currency === null ? null : moneyOf(amount, currency);
const totalOf = (rows: { total: string | number }[]): number => Number(rows[0]?.total ?? 0);

export async function browseProductions(db: Db, clock: Clock, query: ProductionListQuery): Promise<Page<ProductionListItem>> {
  const now = clock.now();
  const rows = await repo.listProductions(db, {
    now,
    today: localDateOf(now, PLATFORM_TIME_ZONE),
    kind: query.kind,
    city: query.city,
    category: query.category,
    q: query.q,
    date: query.date,
    sort: effectiveSort(query.sort, query.q),
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  const items = rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    originalTitle: row.original_title,
    posterUrl: row.poster_url,
    categories: row.categories,
    durationMinutes: row.duration_minutes,
    ageRating: row.age_rating,
    releaseDate: row.release_date,
    rating: numberOrNull(row.rating_average),
    ratingCount: row.rating_count,
    priceFrom: priceOf(row.price_from, row.currency),
    nextSessionAt: isoOf(row.next_starts_at),
    boxOffice: moneyOf(row.box_office_amount, PLATFORM_CURRENCY),
    ticketsSold: Number(row.tickets_sold),
    relevance: row.relevance === null ? null : Math.round(Number(row.relevance) * 1000) / 1000,
    recommendation: {
      score: Number(row.score),
      rating: Math.round(Number(row.rating_part) * 1000) / 1000,
      sales: Math.round(Number(row.sales_part) * 1000) / 1000,
      recency: Math.round(Number(row.recency_part) * 1000) / 1000,
    },
  }));
  return pageOf(items, totalOf(rows), query);
}

/** The production page; opening it counts a view for the popularity ranking. */
export async function getProductionDetail(db: Db, clock: Clock, id: string): Promise<ProductionDetail> {
  const row = await repo.findPublishedProduction(db, id);
  if (!row) throw notFound('Production');
  const now = clock.now();
  const [credits, cities] = await Promise.all([
    repo.listCredits(db, id),
    repo.listShowingCities(db, { now, productionId: id }),
    repo.countView(db, id, now),
  ]);
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    originalTitle: row.original_title,
    synopsis: row.synopsis,
    posterUrl: row.poster_url,
    categories: row.categories,
    durationMinutes: row.duration_minutes,
    ageRating: row.age_rating,
    releaseDate: row.release_date,
    rating: numberOrNull(row.rating_average),
    ratingCount: row.rating_count,
    company: row.company_id && row.company_name ? { id: row.company_id, name: row.company_name } : null,
    people: credits.map((credit) => ({
      id: credit.person_id,
      name: credit.name,
      originalName: credit.original_name,
      avatarUrl: credit.avatar_url,
      role: credit.role,
      characterName: credit.character_name,
    })),
    views: Number(row.views) + 1,
    ticketsSold: Number(row.tickets_sold),
    boxOffice: moneyOf(row.box_office_amount, PLATFORM_CURRENCY),
    showing: cities.map((city) => ({
      city: { code: city.city_code, name: city.city_name },
      dates: [...city.dates].sort(),
      priceFrom: priceOf(city.price_from, city.currency),
    })),
  };
}

export async function browseVenues(db: Db, clock: Clock, query: VenueListQuery): Promise<Page<VenueListItem>> {
  const rows = await repo.listVenues(db, {
    now: clock.now(),
    city: query.city,
    productionId: query.productionId,
    date: query.date,
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  const items = rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    city: { code: row.city_code, name: row.city_name },
    address: row.address,
    latitude: numberOrNull(row.latitude),
    longitude: numberOrNull(row.longitude),
    phone: row.phone,
    timezone: row.timezone,
    priceFrom: priceOf(row.price_from, row.currency),
    nextSessionAt: isoOf(row.next_starts_at),
  }));
  return pageOf(items, totalOf(rows), query);
}

export async function browseSessions(db: Db, clock: Clock, query: SessionListQuery): Promise<Page<SessionListItem>> {
  const rows = await repo.listSessions(db, {
    now: clock.now(),
    productionId: query.productionId,
    venueId: query.venueId,
    city: query.city,
    date: query.date,
    limit: query.pageSize,
    offset: offsetOf(query),
  });
  const items = rows.map((row) => ({
    id: row.id,
    production: { id: row.production_id, title: row.production_title, kind: row.production_kind },
    venue: { id: row.venue_id, name: row.venue_name, cityCode: row.city_code },
    hall: row.hall_id && row.hall_name ? { id: row.hall_id, name: row.hall_name } : null,
    mode: row.mode,
    startsAt: isoOf(row.starts_at)!,
    endsAt: isoOf(row.ends_at)!,
    localDate: row.local_date,
    slotLabel: row.slot_label,
    priceFrom: priceOf(row.price_from, row.currency),
    available: Number(row.available),
  }));
  return pageOf(items, totalOf(rows), query);
}
