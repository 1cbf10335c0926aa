-- Tickets: one row per sold place (inventory unit) of a paid order, issued in the transaction that pays
-- it. Whatever the door needs is copied in at issue time (the session's times and venue, the seat or
-- tier, the holder), so check-in reads one row and never another module's tables. The tickets module
-- is the only writer of these tables.
create table ticket (
  id uuid primary key default gen_random_uuid(),
  order_id uuid not null references customer_order (id),
  -- No foreign key to inventory_unit, like order_item: units live and die with their session.
  unit_id uuid not null,
  session_id uuid not null,
  merchant_id uuid not null,
  venue_id uuid not null,
  user_id uuid not null references app_user (id),
  -- The item's place in its order, from 1.
  position smallint not null check (position between 1 and 100),
  ticket_type text not null check (ticket_type ~ '^[a-z][a-z0-9-]{1,31}$'),
  price bigint not null check (price >= 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  seat_label text check (seat_label is null or length(seat_label) between 1 and 40),
  tier_id uuid,
  -- The real-name holder, for sessions that need one: never the clear ID number, only its mask.
  holder_visitor_id uuid,
  holder_name text,
  holder_id_masked text,
  -- The short code staff type at the counter when a QR will not scan: 10 characters of an alphabet
  -- without 0/O, 1/I/L, so it reads aloud and types without mistakes.
  code text not null unique check (code ~ '^[2-9A-HJKMNP-Z]{10}$'),
  -- The session as sold, for the door and the customer's ticket page.
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  timezone text not null,
  -- The door admits from valid_from (the start less the entry window) until valid_to (the end).
  valid_from timestamptz not null,
  valid_to timestamptz not null,
  -- valid ──check-in (last entry)──> used; valid ──refund (no entry yet)──> refunded. Nothing else.
  status text not null default 'valid' check (status in ('valid', 'used', 'refunded')),
  entries_allowed smallint not null default 1 check (entries_allowed between 1 and 1000),
  entries_used smallint not null default 0 check (entries_used between 0 and entries_allowed),
  -- The last admission and its gate: what a second scan reports.
  used_at timestamptz,
  used_gate text check (used_gate is null or length(used_gate) between 1 and 40),
  refunded_at timestamptz,
  issued_at timestamptz not null,
  unique (order_id, unit_id),
  unique (order_id, position),
  check (valid_from < valid_to),
  check (starts_at < ends_at),
  check ((entries_used = 0) = (used_at is null)),
  check ((status = 'used') = (entries_used = entries_allowed)),
  check ((status = 'refunded') = (refunded_at is not null)),
  check (status <> 'refunded' or entries_used = 0),
  check ((holder_visitor_id is null) = (holder_name is null)),
  check ((holder_visitor_id is null) = (holder_id_masked is null)),
  check (seat_label is not null or tier_id is not null)
);
-- A place has at most one live ticket: a refunded place may be sold again, and its new ticket is the
-- only live one.
create unique index ticket_unit_live on ticket (unit_id) where status in ('valid', 'used');
-- The customer's tickets, newest first.
create index ticket_user_list on ticket (user_id, issued_at desc, id);
-- A session's manifest for offline scanners.
create index ticket_session on ticket (session_id, status);

-- Every scan at the door, admitted or not: who scanned what, where and when, and the answer.
create table ticket_scan (
  id uuid primary key default gen_random_uuid(),
  -- Null when the code named no ticket (garbage, a forged signature, an unknown counter code).
  ticket_id uuid references ticket (id),
  merchant_id uuid not null,
  staff_user_id uuid not null references app_user (id),
  gate text check (gate is null or length(gate) between 1 and 40),
  result text not null
    check (result in ('admitted', 'already-used', 'invalid', 'refunded', 'wrong-venue', 'not-today')),
  -- online: answered at once; offline: uploaded later by a scanner that answered from its manifest.
  source text not null check (source in ('online', 'offline')),
  -- When the scan happened (an offline scanner's own time); recorded_at is when we learnt of it.
  scanned_at timestamptz not null,
  recorded_at timestamptz not null,
  check ((result = 'invalid') or ticket_id is not null)
);
create index ticket_scan_ticket on ticket_scan (ticket_id, scanned_at) where ticket_id is not null;
create index ticket_scan_merchant on ticket_scan (merchant_id, recorded_at desc);
