import { Type, type Static, type TSchema } from 'typebox';
import { PageQuery, pageSchema } from '../../http/pagination.js';

export const PRODUCTION_KINDS = ['movie', 'performance', 'exhibition'] as const;
export type ProductionKind = (typeof PRODUCTION_KINDS)[number];

export const PRODUCTION_STATUSES = ['draft', 'pending-review', 'published', 'archived'] as const;
export type ProductionStatus = (typeof PRODUCTION_STATUSES)[number];

export const PERSON_ROLES = ['director', 'cast', 'writer', 'producer', 'composer', 'other'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const COMPANY_KINDS = ['studio', 'distributor', 'troupe', 'organiser', 'museum'] as const;
export type CompanyKind = (typeof COMPANY_KINDS)[number];

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Uuid = Type.String({ format: 'uuid' });
/** Posters and avatars are shown in browsers: only web addresses. */
const WebUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

export const IdParams = Type.Object({ id: Uuid });

const PersonCredit = Type.Object(
  {
    personId: Uuid,
    role: Type.Enum(PERSON_ROLES),
    characterName: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  },
  { additionalProperties: false },
);

/** The fields a production is described by; shared by the admin and merchant bodies. */
const productionFields = {
  kind: Type.Enum(PRODUCTION_KINDS),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  originalTitle: nullable(Type.String({ minLength: 1, maxLength: 200 })),
  synopsis: nullable(Type.String({ maxLength: 10_000 })),
  categories: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 10, uniqueItems: true }),
  durationMinutes: Type.Integer({ minimum: 1, maximum: 100_000 }),
  ageRating: nullable(Type.String({ minLength: 1, maxLength: 16 })),
  releaseDate: nullable(Day),
  posterUrl: nullable(WebUrl),
  companyId: nullable(Uuid),
  people: Type.Array(PersonCredit, { maxItems: 200 }),
};

const optionalFields = {
  originalTitle: Type.Optional(productionFields.originalTitle),
  synopsis: Type.Optional(productionFields.synopsis),
  categories: Type.Optional(productionFields.categories),
  ageRating: Type.Optional(productionFields.ageRating),
  releaseDate: Type.Optional(productionFields.releaseDate),
  posterUrl: Type.Optional(productionFields.posterUrl),
  companyId: Type.Optional(productionFields.companyId),
  people: Type.Optional(productionFields.people),
};

export const AdminCreateProductionBody = Type.Object(
  {
    kind: productionFields.kind,
    title: productionFields.title,
    durationMinutes: productionFields.durationMinutes,
    ...optionalFields,
    status: Type.Optional(Type.Enum(['draft', 'published'])),
  },
  { additionalProperties: false },
);
export type AdminCreateProductionBody = Static<typeof AdminCreateProductionBody>;

export const AdminUpdateProductionBody = Type.Object(
  {
    kind: Type.Optional(productionFields.kind),
    title: Type.Optional(productionFields.title),
    durationMinutes: Type.Optional(productionFields.durationMinutes),
    ...optionalFields,
    status: Type.Optional(Type.Enum(PRODUCTION_STATUSES)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type AdminUpdateProductionBody = Static<typeof AdminUpdateProductionBody>;

export const MerchantCreateProductionBody = Type.Object(
  {
    kind: productionFields.kind,
    title: productionFields.title,
    durationMinutes: productionFields.durationMinutes,
    ...optionalFields,
  },
  { additionalProperties: false },
);
export type MerchantCreateProductionBody = Static<typeof MerchantCreateProductionBody>;

export const MerchantUpdateProductionBody = Type.Object(
  {
    kind: Type.Optional(productionFields.kind),
    title: Type.Optional(productionFields.title),
    durationMinutes: Type.Optional(productionFields.durationMinutes),
    ...optionalFields,
    status: Type.Optional(
      Type.Enum(['pending-review'], { description: 'Submits a draft for the platform to review' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MerchantUpdateProductionBody = Static<typeof MerchantUpdateProductionBody>;

export const RejectProductionBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
export type RejectProductionBody = Static<typeof RejectProductionBody>;

const ProductionFilters = {
  kind: Type.Optional(Type.Enum(PRODUCTION_KINDS)),
  status: Type.Optional(Type.Enum(PRODUCTION_STATUSES)),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Fuzzy match on the title or original title' })),
};

export const AdminProductionQuery = Type.Object({
  ...PageQuery.properties,
  ...ProductionFilters,
  merchantId: Type.Optional(Uuid),
});
export type AdminProductionQuery = Static<typeof AdminProductionQuery>;

export const MerchantProductionQuery = Type.Object({ ...PageQuery.properties, ...ProductionFilters });
export type MerchantProductionQuery = Static<typeof MerchantProductionQuery>;

const Timestamp = Type.String({ format: 'date-time' });

export const CompanyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Enum(COMPANY_KINDS),
  createdAt: Timestamp,
});
export type CompanyView = Static<typeof CompanyView>;

export const PersonView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  originalName: nullable(Type.String()),
  avatarUrl: nullable(Type.String()),
  createdAt: Timestamp,
});
export type PersonView = Static<typeof PersonView>;

export const CreditView = Type.Object({
  personId: Type.String(),
  name: Type.String(),
  originalName: nullable(Type.String()),
  avatarUrl: nullable(Type.String()),
  role: Type.Enum(PERSON_ROLES),
  characterName: nullable(Type.String()),
});
export type CreditView = Static<typeof CreditView>;

const productionSummaryFields = {
  id: Type.String(),
  kind: Type.Enum(PRODUCTION_KINDS),
  title: Type.String(),
  originalTitle: nullable(Type.String()),
  categories: Type.Array(Type.String()),
  durationMinutes: Type.Integer(),
  ageRating: nullable(Type.String()),
  releaseDate: nullable(Type.String({ format: 'date' })),
  posterUrl: nullable(Type.String()),
  companyId: nullable(Type.String()),
  merchantId: nullable(Type.String()),
  status: Type.Enum(PRODUCTION_STATUSES),
  rejectionReason: nullable(Type.String({ description: 'Why the last review sent it back to draft' })),
  submittedAt: nullable(Timestamp),
  reviewedAt: nullable(Timestamp),
  ratingAverage: nullable(Type.Number()),
  ratingCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

export const ProductionSummaryView = Type.Object(productionSummaryFields);
export type ProductionSummaryView = Static<typeof ProductionSummaryView>;

export const ProductionView = Type.Object({
  ...productionSummaryFields,
  synopsis: nullable(Type.String()),
  company: nullable(Type.Object({ id: Type.String(), name: Type.String(), kind: Type.Enum(COMPANY_KINDS) })),
  people: Type.Array(CreditView),
});
export type ProductionView = Static<typeof ProductionView>;

export const ProductionPage = pageSchema(ProductionSummaryView);

export const CreatePersonBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    originalName: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    avatarUrl: Type.Optional(nullable(WebUrl)),
  },
  { additionalProperties: false },
);
export type CreatePersonBody = Static<typeof CreatePersonBody>;

export const CreateCompanyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Enum(COMPANY_KINDS),
  },
  { additionalProperties: false },
);
export type CreateCompanyBody = Static<typeof CreateCompanyBody>;

export const DirectoryQuery = Type.Object({
  ...PageQuery.properties,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Fuzzy match on the name' })),
});
export type DirectoryQuery = Static<typeof DirectoryQuery>;

export const CompanyQuery = Type.Object({ ...DirectoryQuery.properties, kind: Type.Optional(Type.Enum(COMPANY_KINDS)) });
export type CompanyQuery = Static<typeof CompanyQuery>;

export const PersonPage = pageSchema(PersonView);
export const CompanyPage = pageSchema(CompanyView);

export const CategoryView = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  kinds: Type.Array(Type.Enum(PRODUCTION_KINDS)),
});
export type CategoryView = Static<typeof CategoryView>;

export const CategoryQuery = Type.Object({ kind: Type.Optional(Type.Enum(PRODUCTION_KINDS)) });
export type CategoryQuery = Static<typeof CategoryQuery>;

export const CityView = Type.Object({
  code: Type.String({ description: 'GB/T 2260 code' }),
  name: Type.String(),
  province: Type.String({ description: 'The name of the province (a municipality is its own province)' }),
  provinceCode: Type.String(),
});
export type CityView = Static<typeof CityView>;

export const CityQuery = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'Part of the name' })),
  level: Type.Enum(['province', 'city'], { default: 'city' }),
});
export type CityQuery = Static<typeof CityQuery>;
