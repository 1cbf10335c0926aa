-- Annual passes: pass products a merchant sells per venue, the passes customers buy for one of their
-- real-name visitors, and the days booked with them. The passes module is the only writer of these tables.
create table pass_product (
  id uuid primary key default gen_random_uuid(),
  merchant_id uuid not null references merchant (id),
  venue_id uuid not null references venue (id),
  -- The timed-entry production the pass admits to; null admits to any timed-entry session of the venue.
  production_id uuid references production (id),
  name text not null check (length(name) between 1 and 60),
  price bigint not null check (price >= 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  -- Calendar days of validity from the day it is paid (in the venue's time zone), that day included.
  validity_days integer not null check (validity_days between 1 and 3660),
  -- Admissions per visit day at the door (the ticket of a day's booking carries them).
  entries_per_day integer not null default 1 check (entries_per_day between 1 and 20),
  -- Bookings over the whole validity; null is unlimited.
  total_entries integer check (total_entries is null or total_entries between 1 and 100000),
  on_sale boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index pass_product_venue on pass_product (venue_id, created_at, id);

-- A pass bought for one visitor. The product's terms are copied in when it is bought, so a merchant's
-- later edits never change a pass sold; the holder is copied from the visitor (masked and hashed ID only).
create table pass (
  id uuid primary key,
  user_id uuid not null references app_user (id),
  product_id uuid not null references pass_product (id),
  merchant_id uuid not null references merchant (id),
  venue_id uuid not null references venue (id),
  production_id uuid references production (id),
  visitor_id uuid not null references visitor (id),
  holder_name text not null,
  holder_id_type text not null,
  holder_id_hash text not null,
  holder_id_masked text not null,
  price bigint not null check (price >= 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  validity_days integer not null check (validity_days between 1 and 3660),
  entries_per_day integer not null check (entries_per_day between 1 and 20),
  total_entries integer check (total_entries is null or total_entries between 1 and 100000),
  entries_used integer not null default 0 check (entries_used >= 0),
  -- pending (waiting to be paid until expires_at) -> active (paid) | cancelled (by its customer).
  -- Readers see `expired` once expires_at passes: unpaid in time, or past its last valid day.
  status text not null default 'pending' check (status in ('pending', 'active', 'cancelled')),
  -- Local dates in the venue's zone, both included; set when it is paid.
  valid_from date,
  valid_to date,
  -- Pending: the end of the payment window. Active: the end of valid_to in the venue's zone.
  expires_at timestamptz not null,
  paid_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (total_entries is null or entries_used <= total_entries),
  check ((status = 'active') = (paid_at is not null)),
  check ((paid_at is null) = (valid_from is null)),
  check ((valid_from is null) = (valid_to is null)),
  check (valid_to = valid_from + (validity_days - 1)),
  check ((status = 'cancelled') = (cancelled_at is not null))
);
create index pass_user_list on pass (user_id, created_at desc, id);

-- One booking per pass per local day: the primary key lets exactly one of parallel bookings win.
create table pass_booking (
  pass_id uuid not null references pass (id),
  local_date date not null,
  session_id uuid not null,
  -- Written in the transaction that creates the order, just before it.
  order_id uuid not null unique references customer_order (id) deferrable initially deferred,
  created_at timestamptz not null,
  primary key (pass_id, local_date)
);
