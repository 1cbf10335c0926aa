import { Type, type Static, type TSchema } from 'typebox';
import { MoneySchema } from '../../http/money.js';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { ORDER_STATUSES } from './rules.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const Quantity = Type.Integer({ minimum: 1, maximum: 100 });
const TicketTypeName = Type.String({ pattern: '^[a-z][a-z0-9-]{1,31}$' });

export const OrderStatusSchema = Type.Enum(ORDER_STATUSES, {
  description: 'pending (holding its places until expiresAt), paid, completed, cancelled, expired, refunded, partially-refunded',
});

export const IdParams = Type.Object({ id: Uuid });
export type IdParams = Static<typeof IdParams>;

export const PlaceOrderBody = Type.Object(
  {
    sessionId: Uuid,
    seats: Type.Optional(
      Type.Union([Type.Array(Uuid, { minItems: 1, maxItems: 100, uniqueItems: true }), Type.Literal('best')], {
        description: 'Seated sessions: seat ids from GET /api/sessions/{id}/seats, or "best" with `quantity`',
      }),
    ),
    quantity: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100, description: 'With "seats": "best": how many seats side by side' }),
    ),
    category: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, description: 'With "seats": "best": only seats of this price category' }),
    ),
    accessible: Type.Optional(
      Type.Boolean({ description: 'With "seats": "best": a block with a wheelchair space (companion seats welcome)' }),
    ),
    tiers: Type.Optional(
      Type.Array(Type.Object({ tierId: Uuid, quantity: Quantity }, { additionalProperties: false }), {
        minItems: 1,
        maxItems: 20,
        description: 'Tiered and timed-entry sessions: places per tier (a timed-entry session has one pool)',
      }),
    ),
    ticketTypes: Type.Optional(
      Type.Array(Type.Object({ type: TicketTypeName, quantity: Quantity }, { additionalProperties: false }), {
        minItems: 1,
        maxItems: 20,
        description: 'Assigned to the places in order; all adult when absent. Quantities add up to the places.',
      }),
    ),
    visitorIds: Type.Optional(
      Type.Array(Uuid, {
        minItems: 1,
        maxItems: 100,
        description: 'Real-name sessions: one of your visitors per ticket, in the order of the places',
      }),
    ),
    passId: Type.Optional(
      Type.String({
        format: 'uuid',
        description:
          'Book with one of your active annual passes instead of paying: one place of a timed-entry session of ' +
          "the pass's venue (`tiers` with quantity 1); the order is paid at once, at 0",
      }),
    ),
    contact: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' }),
          phone: Type.String({ pattern: '^(1[3-9][0-9]{9}|\\+[1-9][0-9]{6,14})$' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PlaceOrderBody = Static<typeof PlaceOrderBody>;

const Holder = Type.Object({
  visitorId: Uuid,
  name: Type.String(),
  idType: Type.String(),
  idNumber: Type.String({ description: 'masked' }),
});

export const OrderItemView = Type.Object({
  unitId: Uuid,
  seatId: Type.Optional(Type.String({ description: 'seated: the seat id (its unit id)' })),
  seatLabel: Type.Optional(Type.String()),
  tierId: Type.Optional(Type.String()),
  tierName: Type.Optional(Type.String()),
  type: Type.String({ description: 'the ticket type' }),
  price: MoneySchema,
  holder: Type.Optional(Holder),
});
export type OrderItemView = Static<typeof OrderItemView>;

export const HeldOrderView = Type.Object({
  id: Uuid,
  status: Type.Union([Type.Literal('pending'), Type.Literal('paid')], {
    description: 'pending, holding its places until expiresAt; paid at once when booked with an annual pass',
  }),
  sessionId: Uuid,
  createdAt: Timestamp,
  expiresAt: Timestamp,
  total: MoneySchema,
  items: Type.Array(OrderItemView),
});
export type HeldOrderView = Static<typeof HeldOrderView>;

const SessionSummary = Type.Object({
  id: Uuid,
  startsAt: Timestamp,
  endsAt: Timestamp,
  mode: Type.String(),
  slotLabel: Nullable(Type.String()),
  hall: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
});
const ProductionSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  kind: Type.String(),
  posterUrl: Nullable(Type.String()),
});
const VenueSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  address: Type.String(),
  timezone: Type.String(),
});

const PaymentView = Type.Object({
  id: Uuid,
  provider: Type.String(),
  status: Type.Enum(['pending', 'paid', 'failed'] as const),
  amount: MoneySchema,
  payUrl: Nullable(Type.String({ description: 'while pending: where to pay' })),
  createdAt: Timestamp,
  paidAt: Nullable(Timestamp),
});

const RefundSummaryView = Type.Object({
  id: Uuid,
  paymentId: Nullable(Uuid),
  amount: MoneySchema,
  fee: MoneySchema,
  status: Type.Enum(['pending', 'succeeded', 'failed'] as const),
  reason: Nullable(Type.String()),
  initiatedBy: Type.String({ description: 'customer, merchant or system' }),
  createdAt: Timestamp,
  completedAt: Nullable(Timestamp),
});

const TicketView = Type.Object({
  id: Uuid,
  status: Type.String({ description: 'valid, used or refunded' }),
  unitId: Uuid,
  type: Type.String(),
  price: MoneySchema,
  seatLabel: Nullable(Type.String()),
  code: Type.String(),
});

const orderFields = {
  id: Uuid,
  status: OrderStatusSchema,
  sessionId: Uuid,
  createdAt: Timestamp,
  expiresAt: Timestamp,
  total: MoneySchema,
  ticketCount: Type.Integer(),
  session: SessionSummary,
  production: ProductionSummary,
  venue: VenueSummary,
};

export const OrderSummaryView = Type.Object(orderFields);
export type OrderSummaryView = Static<typeof OrderSummaryView>;

export const OrderView = Type.Object({
  ...orderFields,
  paidAt: Nullable(Timestamp),
  cancelledAt: Nullable(Timestamp),
  hidden: Type.Boolean({ description: 'removed from your list' }),
  contact: Nullable(Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()) })),
  items: Type.Array(OrderItemView),
  payments: Type.Array(PaymentView, { description: 'every payment started for the order, oldest first' }),
  refunds: Type.Array(RefundSummaryView, { description: 'oldest first' }),
  tickets: Type.Array(TicketView, { description: 'issued when the order is paid' }),
});
export type OrderView = Static<typeof OrderView>;

export const OrderQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(OrderStatusSchema),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'production title, fuzzy' })),
});
export type OrderQuery = Static<typeof OrderQuery>;

export const OrderPage = pageSchema(OrderSummaryView);

export const MerchantOrderQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(OrderStatusSchema),
  sessionId: Type.Optional(Uuid),
});
export type MerchantOrderQuery = Static<typeof MerchantOrderQuery>;

export const MerchantOrderView = Type.Object({
  id: Uuid,
  status: OrderStatusSchema,
  sessionId: Uuid,
  startsAt: Timestamp,
  title: Type.String({ description: 'the production' }),
  total: MoneySchema,
  ticketCount: Type.Integer(),
  contact: Nullable(Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()) })),
  createdAt: Timestamp,
  paidAt: Nullable(Timestamp),
});
export type MerchantOrderView = Static<typeof MerchantOrderView>;

export const MerchantOrderPage = pageSchema(MerchantOrderView);

export const BestSeatsQuery = Type.Object({
  quantity: Quantity,
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  accessible: Type.Optional(Type.Boolean()),
});
export type BestSeatsQuery = Static<typeof BestSeatsQuery>;

export const BestSeatsAnswer = Type.Object({
  seats: Type.Array(
    Type.Object({
      id: Uuid,
      row: Type.Integer(),
      col: Type.Integer(),
      label: Nullable(Type.String()),
      type: Nullable(Type.String()),
      category: Nullable(Type.String()),
    }),
  ),
});
