-- Scheduling: sessions (one showing of a production at a venue, in a hall for seated sessions), their
-- prices per seat category, price tiers (timed-entry sessions have exactly one, the entry pool) and
-- ticket types. Orders and browsing read these tables; the scheduling module writes them.
create table session (
  id uuid primary key default gen_random_uuid(),
  merchant_id uuid not null references merchant (id),
  production_id uuid not null references production (id),
  venue_id uuid not null references venue (id),
  hall_id uuid references hall (id),
  mode text not null check (mode in ('seated', 'tiered', 'timed-entry')),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- starts_at's calendar date in the venue's time zone: licences, quotas and reports count in local days.
  local_date date not null,
  -- The entry slot's name ("morning") for sessions opened as daily entry quotas.
  slot_label text check (slot_label is null or length(slot_label) between 1 and 40),
  -- The hall's grid when the session was created: the seat map answer keeps its shape after map edits.
  seat_rows integer check (seat_rows between 1 and 100),
  seat_cols integer check (seat_cols between 1 and 100),
  currency char(3) not null default 'CNY' check (currency ~ '^[A-Z]{3}$'),
  status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
  hold_minutes integer not null default 15 check (hold_minutes between 1 and 120),
  max_tickets_per_user integer not null default 6 check (max_tickets_per_user between 1 and 100),
  one_order_per_user boolean not null default false,
  real_name boolean not null default false,
  refund_cutoff_minutes integer not null default 60 check (refund_cutoff_minutes between 0 and 525600),
  refund_fee_percent integer not null default 0 check (refund_fee_percent between 0 and 100),
  sales_open_at timestamptz,
  sales_close_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at),
  check ((mode = 'seated') = (hall_id is not null)),
  check ((mode = 'seated') = (seat_rows is not null and seat_cols is not null)),
  check (slot_label is null or mode = 'timed-entry'),
  check (sales_open_at is null or sales_close_at is null or sales_open_at < sales_close_at),
  check ((status = 'cancelled') = (cancelled_at is not null))
);
-- One entry-quota session per venue, production, local day and slot: opening quotas twice is a no-op.
create unique index session_entry_slot on session (venue_id, production_id, local_date, slot_label)
  where mode = 'timed-entry';
-- The hall-overlap check and a hall's timetable.
create index session_hall_starts on session (hall_id, starts_at) where hall_id is not null;
create index session_merchant_starts on session (merchant_id, starts_at);
create index session_production_date on session (production_id, local_date);
create index session_venue_date on session (venue_id, local_date);

-- Seated sessions: the price of each seat category of the hall's map, in the session's currency.
create table session_price (
  session_id uuid not null references session (id) on delete cascade,
  category text not null check (length(category) between 1 and 40),
  amount bigint not null check (amount >= 0),
  primary key (session_id, category)
);

-- Tiered sessions: named pools of places; timed-entry sessions: their single entry pool.
create table session_tier (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references session (id) on delete cascade,
  name text not null check (length(name) between 1 and 60),
  price bigint not null check (price >= 0),
  capacity integer not null check (capacity between 1 and 100000),
  sort_order integer not null,
  unique (session_id, name),
  unique (session_id, sort_order)
);

-- Ticket types: timed-entry sessions price each type (`price`); seated and tiered sessions take a
-- `discount` off the unit's price. Exactly one of the two is set.
create table session_ticket_type (
  session_id uuid not null references session (id) on delete cascade,
  type text not null check (type ~ '^[a-z][a-z0-9-]{1,31}$'),
  price bigint check (price >= 0),
  discount bigint check (discount >= 0),
  sort_order integer not null,
  primary key (session_id, type),
  check ((price is null) <> (discount is null))
);
