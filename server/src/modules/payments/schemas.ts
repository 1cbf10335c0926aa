import { Type, type Static } from 'typebox';
import { MoneySchema } from '../../http/money.js';
import { PROVIDERS } from './rules.js';

const Uuid = Type.String({ format: 'uuid' });

export const IdParams = Type.Object({ id: Uuid });
export type IdParams = Static<typeof IdParams>;

export const PaymentIdParams = Type.Object({ paymentId: Uuid });
export type PaymentIdParams = Static<typeof PaymentIdParams>;

export const StartPaymentBody = Type.Object(
  { provider: Type.Enum(PROVIDERS, { description: 'sandbox (no account), alipay or stripe, as configured' }) },
  { additionalProperties: false },
);
export type StartPaymentBody = Static<typeof StartPaymentBody>;

export const PaymentStarted = Type.Object({
  paymentId: Uuid,
  payUrl: Type.String({ description: 'where the customer pays: the provider page (the sandbox page by default)' }),
});

export const RefundBody = Type.Object(
  {
    ticketIds: Type.Optional(
      Type.Array(Uuid, { minItems: 1, maxItems: 100, uniqueItems: true, description: 'all tickets when absent' }),
    ),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type RefundBody = Static<typeof RefundBody>;

export const RefundView = Type.Object({
  refundId: Uuid,
  amount: MoneySchema,
  fee: MoneySchema,
  status: Type.Enum(['pending', 'succeeded', 'failed'] as const, {
    description: 'pending until the provider confirms (the refund job retries); then succeeded',
  }),
});

/** An Alipay-style notification: form fields, all strings; the ones we read are required. */
export const NotifyFields = Type.Object(
  {
    out_trade_no: Type.String({ minLength: 1, maxLength: 64 }),
    trade_no: Type.String({ minLength: 1, maxLength: 64 }),
    trade_status: Type.String({ minLength: 1, maxLength: 32 }),
    total_amount: Type.String({ minLength: 1, maxLength: 16 }),
    sign: Type.String({ minLength: 1, maxLength: 2048 }),
    sign_type: Type.Optional(Type.String({ maxLength: 8 })),
  },
  { additionalProperties: Type.String({ maxLength: 2048 }), maxProperties: 60 },
);
export type NotifyFields = Static<typeof NotifyFields>;

export const SandboxActionBody = Type.Object(
  { action: Type.Enum(['pay', 'fail'] as const) },
  { additionalProperties: false },
);
export type SandboxActionBody = Static<typeof SandboxActionBody>;

export const StripeHeaders = Type.Object({ 'stripe-signature': Type.String({ minLength: 1, maxLength: 2048 }) });
