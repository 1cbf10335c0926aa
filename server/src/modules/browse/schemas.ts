import { Type, type Static } from 'typebox';
import { MoneySchema } from '../../http/money.js';
import { PageQuery } from '../../http/pagination.js';
import { SORTS } from './rules.js';

const Id = Type.String({ format: 'uuid' });
const LocalDate = Type.String({ format: 'date', description: 'YYYY-MM-DD in the venue time zone' });
const CityCode = Type.String({ pattern: '^[1-9][0-9]{5}$', description: 'GB/T 2260 city code, e.g. 110100' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const ProductionListQuery = Type.Object({
  ...PageQuery.properties,
  kind: Type.Optional(Type.Union([Type.Literal('movie'), Type.Literal('performance'), Type.Literal('exhibition')])),
  city: Type.Optional(CityCode),
  category: Type.Optional(Type.String({ maxLength: 40 })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  date: Type.Optional(LocalDate),
  sort: Type.Union(SORTS.map((sort) => Type.Literal(sort)), { default: 'recommended' }),
});
export type ProductionListQuery = Static<typeof ProductionListQuery>;

export const ProductionListItem = Type.Object({
  id: Id,
  kind: Type.String(),
  title: Type.String(),
  originalTitle: Nullable(Type.String()),
  posterUrl: Nullable(Type.String()),
  categories: Type.Array(Type.String()),
  durationMinutes: Type.Integer(),
  ageRating: Nullable(Type.String()),
  releaseDate: Nullable(Type.String()),
  rating: Nullable(Type.Number()),
  ratingCount: Type.Integer(),
  priceFrom: Nullable(MoneySchema),
  nextSessionAt: Nullable(Type.String({ format: 'date-time' })),
  boxOffice: MoneySchema,
  ticketsSold: Type.Integer(),
  relevance: Nullable(Type.Number()),
  recommendation: Type.Object(
    { score: Type.Number(), rating: Type.Number(), sales: Type.Number(), recency: Type.Number() },
    { description: 'score = 0.5 × rating/10 + 1/3 × sales against the best seller + 1/6 × release recency' },
  ),
});
export type ProductionListItem = Static<typeof ProductionListItem>;

export const ProductionDetail = Type.Object({
  id: Id,
  kind: Type.String(),
  title: Type.String(),
  originalTitle: Nullable(Type.String()),
  synopsis: Nullable(Type.String()),
  posterUrl: Nullable(Type.String()),
  categories: Type.Array(Type.String()),
  durationMinutes: Type.Integer(),
  ageRating: Nullable(Type.String()),
  releaseDate: Nullable(Type.String()),
  rating: Nullable(Type.Number()),
  ratingCount: Type.Integer(),
  company: Nullable(Type.Object({ id: Id, name: Type.String() })),
  people: Type.Array(
    Type.Object({
      id: Id,
      name: Type.String(),
      originalName: Nullable(Type.String()),
      avatarUrl: Nullable(Type.String()),
      role: Type.String(),
      characterName: Nullable(Type.String()),
    }),
  ),
  views: Type.Integer(),
  ticketsSold: Type.Integer(),
  boxOffice: MoneySchema,
  showing: Type.Array(
    Type.Object({
      city: Type.Object({ code: Type.String(), name: Type.String() }),
      dates: Type.Array(Type.String()),
      priceFrom: Nullable(MoneySchema),
    }),
    { description: 'the cities and local dates where it is on' },
  ),
});
export type ProductionDetail = Static<typeof ProductionDetail>;

export const VenueListQuery = Type.Object({
  ...PageQuery.properties,
  city: Type.Optional(CityCode),
  productionId: Type.Optional(Id),
  date: Type.Optional(LocalDate),
});
export type VenueListQuery = Static<typeof VenueListQuery>;

export const VenueListItem = Type.Object({
  id: Id,
  name: Type.String(),
  kind: Type.String(),
  city: Type.Object({ code: Type.String(), name: Type.String() }),
  address: Type.String(),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  phone: Nullable(Type.String()),
  timezone: Type.String(),
  priceFrom: Nullable(MoneySchema),
  nextSessionAt: Nullable(Type.String({ format: 'date-time' })),
});
export type VenueListItem = Static<typeof VenueListItem>;

export const SessionListQuery = Type.Object({
  ...PageQuery.properties,
  productionId: Type.Optional(Id),
  venueId: Type.Optional(Id),
  city: Type.Optional(CityCode),
  date: Type.Optional(LocalDate),
});
export type SessionListQuery = Static<typeof SessionListQuery>;

export const SessionListItem = Type.Object({
  id: Id,
  production: Type.Object({ id: Id, title: Type.String(), kind: Type.String() }),
  venue: Type.Object({ id: Id, name: Type.String(), cityCode: Type.String() }),
  hall: Nullable(Type.Object({ id: Id, name: Type.String() })),
  mode: Type.String(),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  localDate: Type.String(),
  slotLabel: Nullable(Type.String()),
  priceFrom: Nullable(MoneySchema),
  available: Type.Integer(),
});
export type SessionListItem = Static<typeof SessionListItem>;

export const IdParams = Type.Object({ id: Id });
