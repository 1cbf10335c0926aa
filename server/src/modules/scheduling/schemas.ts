import { Type, type Static, type TSchema } from 'typebox';
import { PageQuery } from '../../http/pagination.js';
import { MoneySchema } from '../../http/money.js';

const Id = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time', description: 'ISO-8601 with an offset' });
const LocalDate = Type.String({ format: 'date', description: 'YYYY-MM-DD, in the venue’s time zone' });
const LocalTime = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, in the venue’s time zone' });
/** Integer minor units (fen, cents) of the session's currency. */
const Amount = Type.Integer({ minimum: 0, maximum: 1_000_000_000_00 });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, default CNY' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Mode = Type.Union([Type.Literal('seated'), Type.Literal('tiered'), Type.Literal('timed-entry')]);
const TicketTypeName = Type.String({ pattern: '^[a-z][a-z0-9-]{1,31}$', description: 'adult, student, child, senior…' });

const Money = MoneySchema;

const PolicyFields = {
  holdMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, description: 'default 15' })),
  maxTicketsPerUser: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'default 6' })),
  oneOrderPerUser: Type.Optional(Type.Boolean({ description: 'default false' })),
  realName: Type.Optional(Type.Boolean({ description: 'default false' })),
  refundCutoffMinutes: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 525_600, description: 'refunds close this long before the start; default 60' }),
  ),
  refundFeePercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'default 0' })),
};

export const PolicyBody = Type.Object(
  {
    ...PolicyFields,
    salesOpenAt: Type.Optional(DateTime),
    salesCloseAt: Type.Optional(DateTime),
  },
  { additionalProperties: false },
);

const PriceBody = Type.Object(
  { category: Type.String({ minLength: 1, maxLength: 40 }), price: Amount },
  { additionalProperties: false },
);

const TierBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    price: Type.Optional(Amount),
    capacity: Type.Integer({ minimum: 1, maximum: 100_000 }),
  },
  { additionalProperties: false },
);

const TicketTypeBody = Type.Object(
  { type: TicketTypeName, price: Type.Optional(Amount), discount: Type.Optional(Amount) },
  { additionalProperties: false },
);

export const CreateSessionBody = Type.Object(
  {
    productionId: Id,
    mode: Mode,
    hallId: Type.Optional(Id),
    venueId: Type.Optional(Id),
    startsAt: DateTime,
    endsAt: Type.Optional(DateTime),
    prices: Type.Optional(Type.Array(PriceBody, { minItems: 1, maxItems: 20 })),
    tiers: Type.Optional(Type.Array(TierBody, { minItems: 1, maxItems: 50 })),
    capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'timed-entry: the entry pool' })),
    ticketTypes: Type.Optional(Type.Array(TicketTypeBody, { minItems: 1, maxItems: 10 })),
    currency: Type.Optional(Currency),
    policy: Type.Optional(PolicyBody),
  },
  { additionalProperties: false },
);
export type CreateSessionInput = Static<typeof CreateSessionBody>;

export const PatchSessionBody = Type.Object(
  {
    startsAt: Type.Optional(DateTime),
    endsAt: Type.Optional(DateTime),
    prices: Type.Optional(Type.Array(PriceBody, { minItems: 1, maxItems: 20 })),
    tiers: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: Id,
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
            price: Type.Optional(Amount),
            capacity: Type.Optional(Type.Integer({ minimum: 1, description: 'fixed once created: only its current value is accepted' })),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 50 },
      ),
    ),
    ticketTypes: Type.Optional(Type.Array(TicketTypeBody, { minItems: 1, maxItems: 10 })),
    currency: Type.Optional(Currency),
    policy: Type.Optional(PolicyBody),
  },
  { additionalProperties: false },
);
export type PatchSessionInput = Static<typeof PatchSessionBody>;

export const SessionListQuery = Type.Object({
  ...PageQuery.properties,
  productionId: Type.Optional(Id),
  venueId: Type.Optional(Id),
  hallId: Type.Optional(Id),
  from: Type.Optional(LocalDate),
  to: Type.Optional(LocalDate),
  status: Type.Optional(Type.Union([Type.Literal('scheduled'), Type.Literal('cancelled')])),
});
export type SessionListQuery = Static<typeof SessionListQuery>;

export const EntryQuotaBody = Type.Object(
  {
    productionId: Id,
    from: LocalDate,
    to: LocalDate,
    slots: Type.Array(
      Type.Object(
        {
          label: Type.String({ minLength: 1, maxLength: 40 }),
          startsAt: LocalTime,
          endsAt: Type.Optional(LocalTime),
          capacity: Type.Integer({ minimum: 1, maximum: 100_000 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 24 },
    ),
    ticketTypes: Type.Array(
      Type.Object({ type: TicketTypeName, price: Amount }, { additionalProperties: false }),
      { minItems: 1, maxItems: 10 },
    ),
    currency: Type.Optional(Currency),
    policy: Type.Optional(Type.Object(PolicyFields, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type EntryQuotaInput = Static<typeof EntryQuotaBody>;

export const IdParams = Type.Object({ id: Id });

const PolicyView = Type.Object({
  holdMinutes: Type.Integer(),
  maxTicketsPerUser: Type.Integer(),
  oneOrderPerUser: Type.Boolean(),
  realName: Type.Boolean(),
  refundCutoffMinutes: Type.Integer(),
  refundFeePercent: Type.Integer(),
  salesOpenAt: Type.String(),
  salesCloseAt: Type.String(),
});

const SessionViewFields = {
  id: Type.String(),
  mode: Mode,
  status: Type.Union([Type.Literal('scheduled'), Type.Literal('cancelled')]),
  startsAt: Type.String(),
  endsAt: Type.String(),
  localDate: Type.String(),
  slotLabel: Nullable(Type.String()),
  currency: Type.String(),
  production: Type.Object({
    id: Type.String(),
    kind: Type.String(),
    title: Type.String(),
    durationMinutes: Type.Integer(),
  }),
  venue: Type.Object({
    id: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    cityCode: Type.String(),
    timezone: Type.String(),
  }),
  hall: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  seatCategories: Type.Array(
    Type.Object({ category: Type.String(), price: Money, seats: Type.Integer(), available: Type.Integer() }),
    { description: 'seated: the price of each seat category' },
  ),
  tiers: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      price: Money,
      capacity: Type.Integer(),
      available: Type.Integer(),
    }),
    { description: 'tiered: the price tiers; timed-entry: the one entry pool, priced at the adult price' },
  ),
  ticketTypes: Type.Array(
    Type.Object({ type: Type.String(), price: Nullable(Money), discount: Nullable(Money) }),
    { description: 'timed-entry: a price per type; seated and tiered: a discount off the unit price' },
  ),
  policy: PolicyView,
  capacity: Type.Integer(),
  available: Type.Integer({ description: 'free places, counting expired holds as free' }),
  onSale: Type.Boolean({ description: 'scheduled, and now within the sales window' }),
};

/** What a customer sees of a session. */
export const PublicSessionView = Type.Object(SessionViewFields);

/** What the merchant sees: everything a customer sees, plus bookkeeping. */
export const MerchantSessionView = Type.Object({
  ...SessionViewFields,
  merchantId: Type.String(),
  productionId: Type.String(),
  venueId: Type.String(),
  hallId: Nullable(Type.String()),
  cancelledAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const SessionListItem = Type.Object({
  id: Type.String(),
  mode: Mode,
  status: Type.Union([Type.Literal('scheduled'), Type.Literal('cancelled')]),
  productionId: Type.String(),
  venueId: Type.String(),
  hallId: Nullable(Type.String()),
  startsAt: Type.String(),
  endsAt: Type.String(),
  localDate: Type.String(),
  slotLabel: Nullable(Type.String()),
  currency: Type.String(),
  salesOpenAt: Type.String(),
  salesCloseAt: Type.String(),
  capacity: Type.Integer(),
  available: Type.Integer(),
});

export const EntryQuotaAnswer = Type.Object({
  created: Type.Integer({ description: 'sessions opened by this request' }),
  skipped: Type.Integer({ description: 'day slots that existed already, or have begun' }),
  sessions: Type.Array(
    Type.Object({
      id: Type.String(),
      localDate: Type.String(),
      slotLabel: Type.String(),
      startsAt: Type.String(),
      endsAt: Type.String(),
      capacity: Type.Integer(),
      created: Type.Boolean({ description: 'false: it existed already' }),
    }),
  ),
});
