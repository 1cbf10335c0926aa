-- Orders: a customer's purchase of places of one session. A pending order holds its units (the
-- inventory rows name it in `order_id` until `expires_at`), then is paid, or ends cancelled or expired.
-- The orders module is the only writer of these tables.
create table customer_order (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id),
  -- No foreign keys to session, merchant or production: every hold of a sale would take a key-share lock
  -- on the one session row everybody buys from, and hundreds of concurrent holders of one row turn those
  -- locks into multixacts. Sessions are never deleted (they are cancelled), so the ids always resolve.
  session_id uuid not null,
  merchant_id uuid not null,
  -- The session's production, copied from it (a session never changes production): the customer's list
  -- searches orders by production title.
  production_id uuid not null,
  status text not null default 'pending'
    check (status in ('pending', 'paid', 'completed', 'cancelled', 'expired', 'refunded', 'partially-refunded')),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  total_amount bigint not null check (total_amount >= 0),
  ticket_count integer not null check (ticket_count between 1 and 100),
  -- A pending order's hold ends here; its units' `held_until` is the same instant.
  expires_at timestamptz not null,
  contact_name text check (contact_name is null or length(contact_name) between 1 and 50),
  contact_phone text check (contact_phone is null or contact_phone ~ '^(1[3-9][0-9]{9}|\+[1-9][0-9]{6,14})$'),
  -- Set when the customer removes a finished order from their list; nothing else changes.
  hidden_at timestamptz,
  paid_at timestamptz,
  cancelled_at timestamptz,
  expired_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'cancelled') = (cancelled_at is not null)),
  check ((status = 'expired') = (expired_at is not null)),
  check (hidden_at is null or status not in ('pending', 'paid'))
);
-- The per-user rules of a hold count the customer's live orders of one session.
create index customer_order_user_session on customer_order (user_id, session_id);
-- The customer's list, newest first, without hidden orders.
create index customer_order_user_list on customer_order (user_id, created_at desc) where hidden_at is null;
-- The expiry sweeper's scan: pending orders by the end of their hold (the `status, expires_at` pair,
-- kept small by holding pending orders only).
create index customer_order_due on customer_order (expires_at) where status = 'pending';

-- One row per place an order buys: the unit, its ticket type and price, and for real-name sessions
-- the holder (the visitor's id, name, hashed and masked ID number; never the clear number).
create table order_item (
  order_id uuid not null references customer_order (id) on delete cascade,
  -- No foreign key to inventory_unit: the hold writes the unit and the item in one statement, and units
  -- live and die with their session, which is never deleted.
  unit_id uuid not null,
  session_id uuid not null,
  -- The item's place in its order, from 1: items are listed (and tickets issued) in this order.
  position smallint not null check (position between 1 and 100),
  tier_id uuid,
  seat_label text,
  ticket_type text not null check (ticket_type ~ '^[a-z][a-z0-9-]{1,31}$'),
  price bigint not null check (price >= 0),
  visitor_id uuid references visitor (id),
  holder_name text,
  holder_id_type text,
  holder_id_hash text,
  holder_id_masked text,
  -- The item holds or owns its unit: its order is pending or paid. Cancelling, expiring and refunding
  -- clear it in the transaction that changes the order.
  live boolean not null default true,
  primary key (order_id, unit_id),
  unique (order_id, position),
  check ((visitor_id is null) = (holder_id_hash is null)),
  check ((visitor_id is null) = (holder_name is null)),
  check ((visitor_id is null) = (holder_id_masked is null)),
  check ((visitor_id is null) = (holder_id_type is null))
);
-- One valid ticket per ID number per session, across customers and under concurrency: a second live
-- item with the same hashed ID in the same session is refused by the database itself.
create unique index order_item_holder_live on order_item (session_id, holder_id_hash)
  where holder_id_hash is not null and live;

-- The orphan-seat rule reads the whole rows of the seats a hold asks for, inside the hold.
create index inventory_unit_seat_row on inventory_unit (session_id, seat_row) where seat_key is not null;
