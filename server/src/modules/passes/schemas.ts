import { Type, type Static, type TSchema } from 'typebox';
import { MoneySchema } from '../../http/money.js';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { PASS_STATUSES } from './rules.js';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const LocalDate = Type.String({ format: 'date', description: 'YYYY-MM-DD, in the venue’s time zone' });
const Nullable = <T extends TSchema>(schema: T, description?: string) =>
  Type.Union([schema, Type.Null()], description === undefined ? {} : { description });

export const IdParams = Type.Object({ id: Uuid });
export type IdParams = Static<typeof IdParams>;
export const ProductParams = Type.Object({ id: Uuid, productId: Uuid });
export type ProductParams = Static<typeof ProductParams>;

const productFields = {
  name: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S', description: 'spaces around it are dropped' }),
  price: Type.Integer({ minimum: 0, maximum: 1_000_000_000_00, description: 'integer minor units of `currency`' }),
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, default CNY' }),
  validityDays: Type.Integer({ minimum: 1, maximum: 3660, description: 'days from the day it is paid, that day included' }),
  entriesPerDay: Type.Integer({ minimum: 1, maximum: 20, description: 'admissions at the door per visit day; default 1' }),
  totalEntries: Nullable(
    Type.Integer({ minimum: 1, maximum: 100_000, description: 'bookings over the whole validity; null (default) is unlimited' }),
  ),
  productionId: Nullable(
    Type.String({
      format: 'uuid',
      description: 'the one production it admits to; null (default) admits to any timed-entry session of the venue',
    }),
  ),
  onSale: Type.Boolean({ description: 'customers see and buy it only when on sale; default false' }),
};

export const CreateProductBody = Type.Object(
  {
    name: productFields.name,
    price: productFields.price,
    currency: Type.Optional(productFields.currency),
    validityDays: productFields.validityDays,
    entriesPerDay: Type.Optional(productFields.entriesPerDay),
    totalEntries: Type.Optional(productFields.totalEntries),
    productionId: Type.Optional(productFields.productionId),
    onSale: Type.Optional(productFields.onSale),
  },
  { additionalProperties: false },
);
export type CreateProductBody = Static<typeof CreateProductBody>;

/** Changes apply to passes sold from now on; passes sold keep the terms they were bought with. */
export const PatchProductBody = Type.Partial(Type.Object(productFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type PatchProductBody = Static<typeof PatchProductBody>;

export const ProductView = Type.Object({
  id: Uuid,
  venueId: Uuid,
  name: Type.String(),
  price: MoneySchema,
  validityDays: Type.Integer(),
  entriesPerDay: Type.Integer(),
  totalEntries: Nullable(Type.Integer()),
  productionId: Nullable(Uuid),
  onSale: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ProductView = Static<typeof ProductView>;

export const ProductQuery = PageQuery;
export type ProductQuery = Static<typeof ProductQuery>;
export const ProductPage = pageSchema(ProductView);

export const BuyPassBody = Type.Object(
  { productId: Uuid, visitorId: Type.String({ format: 'uuid', description: 'one of your real-name visitors' }) },
  { additionalProperties: false },
);
export type BuyPassBody = Static<typeof BuyPassBody>;

export const PassPaymentBody = Type.Object(
  { provider: Type.Union([Type.Literal('sandbox'), Type.Literal('alipay'), Type.Literal('stripe')]) },
  { additionalProperties: false },
);
export type PassPaymentBody = Static<typeof PassPaymentBody>;

export const PassStatusSchema = Type.Enum(PASS_STATUSES, {
  description:
    'pending (to be paid by expiresAt), active (paid, within its validity), expired (past its last valid day, or not paid in time), cancelled',
});

export const PassView = Type.Object({
  id: Uuid,
  status: PassStatusSchema,
  product: Type.Object({ id: Uuid, name: Type.String(), venueId: Uuid, productionId: Nullable(Uuid) }),
  visitor: Type.Object({
    id: Uuid,
    name: Type.String(),
    idType: Type.String(),
    idNumber: Type.String({ description: 'masked' }),
  }),
  price: MoneySchema,
  validityDays: Type.Integer(),
  validFrom: Nullable(LocalDate, 'the day it was paid; null until then'),
  validTo: Nullable(LocalDate, 'its last valid day, included'),
  entriesPerDay: Type.Integer(),
  totalEntries: Nullable(Type.Integer({ description: 'null: unlimited' })),
  entriesUsed: Type.Integer(),
  entriesRemaining: Nullable(Type.Integer({ description: 'null: unlimited' })),
  expiresAt: Type.String({
    format: 'date-time',
    description: 'pending: the end of the payment window; paid: the end of validTo in the venue’s time zone',
  }),
  paidAt: Nullable(Timestamp),
  createdAt: Timestamp,
});
export type PassView = Static<typeof PassView>;

export const PassDetailView = Type.Object({
  ...PassView.properties,
  bookings: Type.Array(
    Type.Object({ date: LocalDate, sessionId: Uuid, orderId: Uuid, bookedAt: Timestamp }),
    { description: 'the days booked with the pass, newest first' },
  ),
});
export type PassDetailView = Static<typeof PassDetailView>;

export const PassQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(PassStatusSchema),
});
export type PassQuery = Static<typeof PassQuery>;
export const PassPage = pageSchema(PassView);

export const PaymentStarted = Type.Object({ paymentId: Uuid, payUrl: Type.String() });
