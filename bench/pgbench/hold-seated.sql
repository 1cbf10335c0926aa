-- pgbench: the database's own ceiling for a 4-seat hold. The same statements, in the same order, that
-- POST /api/orders runs for four named seats of a seated session (orders' lockCustomerForSession and
-- insertHeldOrder, inventory's readSeatsWithRows (unlocked, then locked), holdUnitsSql and
-- notifySeatChanges), on a session of the bench database that only pgbench writes to. The server
-- reads the session's terms from its cache and knows the customer from the token, so neither costs a
-- statement here either.
-- Two differences, so that every transaction is a full 4-seat hold: the seats are marked held whatever
-- their state (the server's compare-and-set would find seats held by an earlier run and write no order),
-- and the order id is made by the database instead of by Node.
-- Variables: :sid, :mid, :pid (session, merchant, production), :users (customers), :notify (1 or 0).
\set r random(0, 24)
\set c random(0, 36)
\set n :r * 40 + :c
\set u random(1, :users)
-- The seat-rule pre-check: the same read, unlocked, before any transaction.
with requested as materialized (
  select id, seat_row, seat_col, label, seat_type, category, price, state, held_until
  from inventory_unit
  where session_id = :sid and id = any(array(select unit_id from bench_seat where n between :n and :n + 3)) and seat_key is not null
  order by id
)
select id, seat_row as "row", seat_col as "col", label, seat_type as "type", category, price,
       not (state = 'free' or (state = 'held' and held_until <= now())) as taken, true as requested
from requested
union all
select id, seat_row as "row", seat_col as "col", label, seat_type as "type", category, price,
       not (state = 'free' or (state = 'held' and held_until <= now())) as taken, false as requested
from inventory_unit
where session_id = :sid and seat_key is not null
  and seat_row = any(array(select seat_row from requested))
  and id <> all(array(select unit_id from bench_seat where n between :n and :n + 3))
order by "row", "col";
BEGIN;
select set_config('lock_timeout', '3s', true) as lock_timeout,
       pg_advisory_xact_lock(hashtextextended('order-holder:' || md5('bench-customer-' || :u)::uuid::text || ':' || :sid, 0)) as holder,
       (select status from session where id = :sid) as session_status;
with requested as materialized (
  select id, seat_row, seat_col, label, seat_type, category, price, state, held_until
  from inventory_unit
  where session_id = :sid and id = any(array(select unit_id from bench_seat where n between :n and :n + 3)) and seat_key is not null
  order by id
  for update
)
select id, seat_row as "row", seat_col as "col", label, seat_type as "type", category, price,
       not (state = 'free' or (state = 'held' and held_until <= now())) as taken, true as requested
from requested
union all
select id, seat_row as "row", seat_col as "col", label, seat_type as "type", category, price,
       not (state = 'free' or (state = 'held' and held_until <= now())) as taken, false as requested
from inventory_unit
where session_id = :sid and seat_key is not null
  and seat_row = any(array(select seat_row from requested))
  and id <> all(array(select unit_id from bench_seat where n between :n and :n + 3))
order by "row", "col";
with prior as (
  select count(distinct o.id)::int as orders, count(i.unit_id)::int as tickets
  from customer_order o
  join order_item i on i.order_id = o.id and i.live
  where o.user_id = md5('bench-customer-' || :u)::uuid and o.session_id = :sid
    and (o.status in ('paid', 'completed', 'partially-refunded') or (o.status = 'pending' and o.expires_at > now()))
), new_order as (
  insert into customer_order (id, user_id, session_id, merchant_id, production_id, currency, total_amount,
    ticket_count, expires_at, contact_name, contact_phone, created_at, updated_at)
  select gen_random_uuid(), md5('bench-customer-' || :u)::uuid, :sid, :mid, :pid, 'CNY', 112000, 4,
    now() + interval '15 minutes', '张三', '13800138000', now(), now()
  from prior
  where prior.tickets <= 96 and prior.orders <= 100
  returning id
), held as (
  update inventory_unit
  set state = 'held', order_id = (select id from new_order), held_until = now() + interval '15 minutes', updated_at = now()
  where session_id = :sid and id = any(array(select unit_id from bench_seat where n between :n and :n + 3))
    and exists (select 1 from new_order)
  returning id
), items as (
  insert into order_item (order_id, unit_id, session_id, position, tier_id, seat_label, ticket_type, price)
  select (select id from new_order), held.id, :sid, row_number() over (order by held.id), null, '1排1座', 'adult', 28000
  from held
  returning 1
)
select prior.orders, prior.tickets, (select count(*) from held)::int as held from prior;
\if :notify
select pg_notify('seat_changes', p)
from (select json_build_object('s', :sid::text, 't', 'held', 'u', array(select unit_id from bench_seat where n between :n and :n + 3))::text as p) payload;
\endif
COMMIT;
