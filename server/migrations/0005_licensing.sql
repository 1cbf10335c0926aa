-- Licensing: a merchant's right to screen a platform movie between two dates (inclusive), with the fee
-- it paid. Renewals may overlap. Whether a licence is active, expired or upcoming is derived from
-- today's date; `status` only records a revocation.
create table licence (
  id uuid primary key default gen_random_uuid(),
  merchant_id uuid not null references merchant (id),
  production_id uuid not null references production (id),
  valid_from date not null,
  valid_to date not null,
  fee_amount bigint check (fee_amount >= 0),
  fee_currency char(3) check (fee_currency ~ '^[A-Z]{3}$'),
  status text not null default 'active' check (status in ('active', 'revoked')),
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  check (valid_from <= valid_to),
  check ((fee_amount is null) = (fee_currency is null)),
  check ((status = 'revoked') = (revoked_at is not null))
);
-- The scheduling question "does this merchant hold a licence for this movie on this day?".
create index licence_covering on licence (merchant_id, production_id, valid_from, valid_to) where status = 'active';
create index licence_merchant on licence (merchant_id, created_at);
create index licence_production on licence (production_id);
