-- Venues: merchants (an application until the platform approves it), their venues and the halls
-- with their seat maps. Scheduling and browsing read these tables; the venues module writes them.
create table merchant (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'suspended')),
  applicant_user_id uuid references app_user (id) on delete set null,
  reject_reason text check (reject_reason is null or length(reject_reason) between 1 and 500),
  reviewed_by uuid references app_user (id) on delete set null,
  reviewed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'rejected') = (reject_reason is not null))
);
-- One open application per user: a second one while the first is pending conflicts here.
create unique index merchant_one_pending_application on merchant (applicant_user_id) where status = 'pending';
create index merchant_status on merchant (status, created_at);
create index merchant_applicant on merchant (applicant_user_id, created_at);

create table venue (
  id uuid primary key default gen_random_uuid(),
  merchant_id uuid not null references merchant (id),
  name text not null check (length(name) between 1 and 100),
  kind text not null check (kind in ('cinema', 'theatre', 'museum', 'concert-hall', 'stadium')),
  city_code text not null references city (code),
  address text not null check (length(address) between 1 and 200),
  latitude numeric(9, 6) check (latitude between -90 and 90),
  longitude numeric(9, 6) check (longitude between -180 and 180),
  timezone text not null,           -- IANA name, checked by the service against the runtime's zone database
  phone text,
  cleaning_buffer_minutes integer not null default 15 check (cleaning_buffer_minutes between 0 and 240),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  reject_reason text check (reject_reason is null or length(reject_reason) between 1 and 500),
  reviewed_by uuid references app_user (id) on delete set null,
  reviewed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'rejected') = (reject_reason is not null))
);
create index venue_merchant on venue (merchant_id, created_at);
create index venue_status on venue (status, created_at);
create index venue_city on venue (city_code) where status = 'approved';

-- seat_map holds the normalised map: {rows, cols, cells: [seat cells only, row-major]}; aisles are
-- the cells not listed. Sessions copy the seats they sell, so a map edit never reaches them.
create table hall (
  id uuid primary key default gen_random_uuid(),
  venue_id uuid not null references venue (id),
  name text not null check (length(name) between 1 and 60),
  rows integer not null check (rows between 1 and 100),
  cols integer not null check (cols between 1 and 100),
  seat_count integer not null check (seat_count between 1 and rows * cols),
  seat_map jsonb not null,
  categories text[] not null check (cardinality(categories) >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (venue_id, name)
);
