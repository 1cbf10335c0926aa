import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { containsPattern } from '../../db/like.js';
import { RECOMMENDATION, type ProductionSort } from './rules.js';

/**
 * Browsing is the read side of the catalogue: it joins the tables of catalog, venues, scheduling and
 * inventory in SQL (read only) because a customer's list must filter, sort and page across all of them
 * in one query. Every write stays with the owning module.
 */

export interface SessionScope {
  now: Date;
  city?: string | undefined;
  date?: string | undefined;
  venueId?: string | undefined;
  productionId?: string | undefined;
}

/** The lowest price a person can pay for a session: a seat category, a tier, or a priced ticket type. */
const sessionPriceFrom = sql`(
  select min(p) from (
    select amount as p from session_price where session_id = s.id
    union all select price from session_tier where session_id = s.id and s.mode = 'tiered'
    union all select price from session_ticket_type where session_id = s.id and price is not null
  ) prices)`;

/** Places a customer could hold now; a hold past its `held_until` counts as free (expiry is lazy). */
const sessionAvailable = (now: Date) => sql`(
  select count(*) from inventory_unit u
  where u.session_id = s.id and (u.state = 'free' or (u.state = 'held' and u.held_until <= ${now.toISOString()})))`;

/** Scheduled sessions still to start at approved venues, narrowed by the scope's filters. */
function upcomingSessions(scope: SessionScope): SQL {
  return sql`s.status = 'scheduled' and s.starts_at > ${scope.now.toISOString()} and v.status = 'approved'
    ${scope.city ? sql`and v.city_code = ${scope.city}` : sql``}
    ${scope.date ? sql`and s.local_date = ${scope.date}` : sql``}
    ${scope.venueId ? sql`and s.venue_id = ${scope.venueId}` : sql``}
    ${scope.productionId ? sql`and s.production_id = ${scope.productionId}` : sql``}`;
}

export interface ProductionListFilter extends SessionScope {
  kind?: string | undefined;
  category?: string | undefined;
  q?: string | undefined;
  sort: ProductionSort;
  today: string;
  limit: number;
  offset: number;
}

export interface ProductionListRow {
  id: string;
  kind: string;
  title: string;
  original_title: string | null;
  poster_url: string | null;
  categories: string[];
  duration_minutes: number;
  age_rating: string | null;
  release_date: string | null;
  rating_average: string | number | null;
  rating_count: number;
  price_from: string | number | null;
  currency: string | null;
  next_starts_at: Date | string | null;
  tickets_sold: string | number;
  box_office_amount: string | number;
  relevance: number | null;
  score: number;
  rating_part: number;
  sales_part: number;
  recency_part: number;
  total: string | number;
}

function recencySql(today: string): SQL {
  const age = sql`(${today}::date - p.release_date)`;
  return sql`(case
    when p.release_date is null then 0
    when ${age} < 0 then ${RECOMMENDATION.announcedRecency}
    when ${age} <= ${RECOMMENDATION.freshDays} then 1
    when ${age} >= ${RECOMMENDATION.staleDays} then 0
    else 1 - (${age} - ${RECOMMENDATION.freshDays})::float8 / ${RECOMMENDATION.staleDays - RECOMMENDATION.freshDays}
  end)::float8`;
}

const ORDER: Record<ProductionSort, SQL> = {
  relevance: sql`relevance desc nulls last, score desc`,
  recommended: sql`score desc`,
  time: sql`next_starts_at asc nulls last, release_date desc nulls last`,
  'price-asc': sql`price_from asc nulls last`,
  'price-desc': sql`price_from desc nulls last`,
  'box-office': sql`box_office_amount desc`,
  rating: sql`rating_average desc nulls last, rating_count desc`,
};

export async function listProductions(db: Db, filter: ProductionListFilter): Promise<ProductionListRow[]> {
  const sessionFiltered = Boolean(filter.city || filter.date);
  const q = filter.q?.trim();
  return queryRows<ProductionListRow>(
    db,
    sql`
    with on_sale as (
      select s.production_id, min(${sessionPriceFrom}) as price_from, min(s.currency) as currency,
             min(s.starts_at) as next_starts_at
      from session s join venue v on v.id = s.venue_id
      where ${upcomingSessions(filter)}
      group by s.production_id
    ), listed as (
      select p.id, p.kind, p.title, p.original_title, p.poster_url, p.categories, p.duration_minutes,
             p.age_rating, to_char(p.release_date, 'YYYY-MM-DD') as release_date, p.release_date as released_on,
             p.rating_average, p.rating_count, o.price_from, o.currency, o.next_starts_at,
             coalesce(st.tickets_sold, 0) as tickets_sold, coalesce(st.box_office_amount, 0) as box_office_amount,
             ${q ? sql`greatest(similarity(p.title, ${q}), similarity(coalesce(p.original_title, ''), ${q}))` : sql`null::real`} as relevance,
             coalesce(p.rating_average, 0)::float8 / 10 as rating_part,
             ${recencySql(filter.today)} as recency_part
      from production p
      ${sessionFiltered ? sql`join` : sql`left join`} on_sale o on o.production_id = p.id
      left join production_stat st on st.production_id = p.id
      where p.status = 'published'
        ${filter.kind ? sql`and p.kind = ${filter.kind}` : sql``}
        ${filter.category ? sql`and ${filter.category} = any(p.categories)` : sql``}
        ${
          q
            ? sql`and (p.title ilike ${containsPattern(q)} or p.original_title ilike ${containsPattern(q)}
                   or ${q} <% p.title or ${q} <% p.original_title)`
            : sql``
        }
    ), scored as (
      select listed.*,
             coalesce(tickets_sold::float8 / nullif(max(tickets_sold) over (), 0), 0) as sales_part
      from listed
    )
    select scored.*,
           round((${RECOMMENDATION.ratingWeight} * rating_part + ${RECOMMENDATION.salesWeight} * sales_part
                  + ${RECOMMENDATION.recencyWeight} * recency_part)::numeric, 3)::float8 as score,
           count(*) over () as total
    from scored
    order by ${ORDER[filter.sort]}, title asc, id asc
    limit ${filter.limit} offset ${filter.offset}`,
  );
}

export interface ProductionDetailRow {
  id: string;
  kind: string;
  title: string;
  original_title: string | null;
  synopsis: string | null;
  poster_url: string | null;
  categories: string[];
  duration_minutes: number;
  age_rating: string | null;
  release_date: string | null;
  rating_average: string | number | null;
  rating_count: number;
  company_id: string | null;
  company_name: string | null;
  views: string | number;
  tickets_sold: string | number;
  box_office_amount: string | number;
}

export async function findPublishedProduction(db: Db, id: string): Promise<ProductionDetailRow | null> {
  const [row] = await queryRows<ProductionDetailRow>(
    db,
    sql`select p.id, p.kind, p.title, p.original_title, p.synopsis, p.poster_url, p.categories, p.duration_minutes,
               p.age_rating, to_char(p.release_date, 'YYYY-MM-DD') as release_date, p.rating_average, p.rating_count,
               p.company_id, c.name as company_name, coalesce(st.views, 0) as views,
               coalesce(st.tickets_sold, 0) as tickets_sold, coalesce(st.box_office_amount, 0) as box_office_amount
        from production p
        left join company c on c.id = p.company_id
        left join production_stat st on st.production_id = p.id
        where p.id = ${id} and p.status = 'published'`,
  );
  return row ?? null;
}

export interface CreditRow {
  person_id: string;
  name: string;
  original_name: string | null;
  avatar_url: string | null;
  role: string;
  character_name: string | null;
}

export async function listCredits(db: Db, productionId: string): Promise<CreditRow[]> {
  return queryRows<CreditRow>(
    db,
    sql`select pe.id as person_id, pe.name, pe.original_name, pe.avatar_url, pp.role, pp.character_name
        from production_person pp join person pe on pe.id = pp.person_id
        where pp.production_id = ${productionId}
        order by pp.sort_order, pe.name`,
  );
}

export interface ShowingCityRow {
  city_code: string;
  city_name: string;
  dates: string[];
  price_from: string | number | null;
  currency: string;
}

export async function listShowingCities(db: Db, scope: SessionScope): Promise<ShowingCityRow[]> {
  return queryRows<ShowingCityRow>(
    db,
    sql`select v.city_code, ci.name as city_name,
               array_agg(distinct to_char(s.local_date, 'YYYY-MM-DD')) as dates,
               min(${sessionPriceFrom}) as price_from, min(s.currency) as currency
        from session s join venue v on v.id = s.venue_id join city ci on ci.code = v.city_code
        where ${upcomingSessions(scope)}
        group by v.city_code, ci.name
        order by v.city_code`,
  );
}

export async function countView(db: Db, productionId: string, at: Date): Promise<void> {
  await db.execute(sql`
    insert into production_stat (production_id, views, updated_at) values (${productionId}, 1, ${at.toISOString()})
    on conflict (production_id) do update set views = production_stat.views + 1, updated_at = excluded.updated_at`);
}

export interface VenueListRow {
  id: string;
  name: string;
  kind: string;
  city_code: string;
  city_name: string;
  address: string;
  latitude: string | number | null;
  longitude: string | number | null;
  phone: string | null;
  timezone: string;
  price_from: string | number | null;
  currency: string | null;
  next_starts_at: Date | string | null;
  total: string | number;
}

export async function listVenues(
  db: Db,
  scope: SessionScope & { limit: number; offset: number },
): Promise<VenueListRow[]> {
  const sessionFiltered = Boolean(scope.productionId || scope.date);
  return queryRows<VenueListRow>(
    db,
    sql`with on_sale as (
          select s.venue_id, min(${sessionPriceFrom}) as price_from, min(s.currency) as currency,
                 min(s.starts_at) as next_starts_at
          from session s join venue v on v.id = s.venue_id
          where ${upcomingSessions(scope)}
          group by s.venue_id
        )
        select v.id, v.name, v.kind, v.city_code, ci.name as city_name, v.address, v.latitude, v.longitude, v.phone,
               v.timezone, o.price_from, o.currency, o.next_starts_at, count(*) over () as total
        from venue v join city ci on ci.code = v.city_code
        ${sessionFiltered ? sql`join` : sql`left join`} on_sale o on o.venue_id = v.id
        where v.status = 'approved' ${scope.city ? sql`and v.city_code = ${scope.city}` : sql``}
        order by o.next_starts_at asc nulls last, v.name asc, v.id asc
        limit ${scope.limit} offset ${scope.offset}`,
  );
}

export interface SessionListRow {
  id: string;
  production_id: string;
  production_title: string;
  production_kind: string;
  venue_id: string;
  venue_name: string;
  city_code: string;
  hall_id: string | null;
  hall_name: string | null;
  mode: string;
  starts_at: Date | string;
  ends_at: Date | string;
  local_date: string;
  slot_label: string | null;
  currency: string;
  price_from: string | number | null;
  available: string | number;
  total: string | number;
}

export async function listSessions(
  db: Db,
  scope: SessionScope & { limit: number; offset: number },
): Promise<SessionListRow[]> {
  return queryRows<SessionListRow>(
    db,
    sql`select s.id, s.production_id, p.title as production_title, p.kind as production_kind,
               s.venue_id, v.name as venue_name, v.city_code, s.hall_id, h.name as hall_name, s.mode,
               s.starts_at, s.ends_at, to_char(s.local_date, 'YYYY-MM-DD') as local_date, s.slot_label, s.currency,
               ${sessionPriceFrom} as price_from, ${sessionAvailable(scope.now)} as available,
               count(*) over () as total
        from session s
        join venue v on v.id = s.venue_id
        join production p on p.id = s.production_id and p.status = 'published'
        left join hall h on h.id = s.hall_id
        where ${upcomingSessions(scope)}
        order by s.starts_at asc, s.id asc
        limit ${scope.limit} offset ${scope.offset}`,
  );
}
