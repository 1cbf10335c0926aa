-- Payments: one row per attempt to pay for a subject (an order now, an annual pass next) with one
-- provider. The payments module is the only writer of these tables; subjects live in their own modules,
-- so there is no foreign key to them.
create table payment (
  id uuid primary key,
  -- What is paid for: 'order' (customer_order.id) or 'pass'; each kind's module applies the payment.
  subject_kind text not null check (subject_kind ~ '^[a-z][a-z-]{1,31}$'),
  subject_id uuid not null,
  user_id uuid not null references app_user (id),
  provider text not null check (provider in ('sandbox', 'alipay', 'stripe')),
  -- pending (the customer is paying) -> paid (a verified notification applied it) | failed (the
  -- customer gave up on the sandbox page). A paid payment is never changed back; refunds are rows of
  -- their own.
  status text not null default 'pending' check (status in ('pending', 'paid', 'failed')),
  amount bigint not null check (amount >= 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  title text not null,
  -- Where the customer pays, and the provider's own id of the attempt (Stripe's Checkout Session).
  pay_url text,
  provider_ref text,
  -- The provider's id of the paid transaction: a trade applies to one payment only, once.
  provider_trade_id text,
  -- The subject took this payment (it became paid by it); a paid payment that its subject could not
  -- take (a late payment whose places were gone, a second payment) is refunded in full instead.
  applied boolean not null default false,
  -- Set when a verified notification disagreed with the payment (its amount): never applied.
  flagged_reason text,
  -- The subject's hold was extended to this instant for the payment; the expiry sweeper asks the
  -- provider about payments still pending past it before it lets the subject go.
  hold_until timestamptz not null,
  queried_at timestamptz,
  paid_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((status = 'paid') = (paid_at is not null)),
  check (status <> 'paid' or provider_trade_id is not null),
  unique (provider, provider_trade_id)
);
create index payment_subject on payment (subject_kind, subject_id);
create index payment_in_flight on payment (hold_until) where status = 'pending';

-- The inbox: every notification as it arrived, stored before anything is checked, with what became
-- of it. Nothing here is ever applied twice: applying is decided on the payment row.
create table payment_notification (
  id uuid primary key default gen_random_uuid(),
  provider text not null,
  received_at timestamptz not null,
  raw_body text not null,
  signature text,
  -- null until judged; then verified or not, and the outcome: applied, duplicate, refund-due,
  -- amount-mismatch, unknown-payment, ignored (not a success status), bad-signature.
  verified boolean,
  outcome text,
  payment_id uuid,
  provider_trade_id text
);
create index payment_notification_payment on payment_notification (payment_id);

-- Refunds: one provider refund each, against one paid payment. A refund row is its own outbox:
-- pending rows are sent to the provider after the commit that wrote them, and again by the refund
-- job (claimed with skip locked) until the provider confirms.
create table refund (
  id uuid primary key,
  -- null for a subject that was never paid through a provider (an order booked with an annual pass): its
  -- refund gives back tickets and places, and no money.
  payment_id uuid references payment (id),
  subject_kind text not null,
  subject_id uuid not null,
  amount bigint not null check (amount >= 0),
  fee bigint not null default 0 check (fee >= 0),
  currency char(3) not null,
  reason text check (reason is null or length(reason) <= 200),
  -- customer, merchant, or system (a cancelled session, a late payment whose places were gone).
  initiated_by text not null check (initiated_by in ('customer', 'merchant', 'system')),
  -- The inventory units (places) this refund gave back; empty when the whole payment is returned
  -- without places (a late payment).
  unit_ids uuid[] not null default '{}',
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  provider_refund_id text,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  last_error text,
  created_at timestamptz not null,
  completed_at timestamptz,
  check ((status = 'pending') = (completed_at is null)),
  check (payment_id is not null or (amount = 0 and status = 'succeeded'))
);
create index refund_payment on refund (payment_id);
create index refund_subject on refund (subject_kind, subject_id);
create index refund_due on refund (next_attempt_at) where status = 'pending';

-- The sandbox provider's outbox: the signed notification of a payment made on the sandbox page,
-- delivered to the notify URL until it answers `success`, with growing pauses between tries.
create table sandbox_delivery (
  payment_id uuid primary key references payment (id),
  body text not null,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  delivered_at timestamptz,
  last_error text,
  created_at timestamptz not null
);
create index sandbox_delivery_due on sandbox_delivery (next_attempt_at) where delivered_at is null;
