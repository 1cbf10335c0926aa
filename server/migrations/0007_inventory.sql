-- Inventory: one row per sellable place of a session (a seat, a place in a price tier, an entry place
-- of a day slot), created with the session. Holds, sales and releases are compare-and-set updates of
-- `state` on these rows; the inventory module is the only writer.
create table inventory_unit (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references session (id) on delete cascade,
  -- Pool places (tiered and timed-entry) name their tier; seats name their seat instead. No foreign key:
  -- a museum day creates tens of thousands of places in one statement, and a per-row key check would
  -- double its cost. Tiers and their places are created in one transaction and go with their session.
  tier_id uuid,
  -- Seats are copied from the hall's map when the session is created, so later map edits never reach them.
  seat_key text,
  seat_row integer,
  seat_col integer,
  label text,
  seat_type text,
  category text,
  section text,
  -- The unit's base price in the session's currency, before any ticket-type discount.
  price bigint not null check (price >= 0),
  state text not null default 'free' check (state in ('free', 'held', 'sold', 'blocked')),
  -- The order holding or owning the unit (no foreign key: the orders table arrives later).
  order_id uuid,
  -- A hold counts as free once this has passed (expiry is lazy; a sweeper tidies up).
  held_until timestamptz,
  updated_at timestamptz not null default now(),
  check ((tier_id is null) <> (seat_key is null)),
  check (seat_key is null or (seat_row is not null and seat_col is not null)),
  check (state <> 'held' or (order_id is not null and held_until is not null)),
  check (state <> 'sold' or order_id is not null),
  check (state = 'held' or held_until is null),
  check (state <> 'free' or order_id is null)
);
-- A seat exists once per session; seated holds look seats up by (session, key) or by id. Pool places
-- have no key, so they stay out of this index.
create unique index inventory_unit_seat on inventory_unit (session_id, seat_key) where seat_key is not null;
-- Pool holds pick any free places of a tier with FOR UPDATE SKIP LOCKED.
create index inventory_unit_pool on inventory_unit (session_id, tier_id, state);
create index inventory_unit_order on inventory_unit (order_id) where order_id is not null;
-- The expiry sweeper's scan.
create index inventory_unit_held_until on inventory_unit (held_until) where state = 'held';
