-- pgbench: the database's own ceiling for a 2-place hold from a price tier. The statements POST /api/orders
-- runs for `tiers: [{tierId, quantity: 2}]` (orders' lockCustomerForSession and insertHeldOrder,
-- inventory's lockPoolUnits, holdUnitsSql and notifySeatChanges), on a tier of 50,000 places that only
-- pgbench takes from, so it never runs dry. The two locked ids come back as one array (pgbench keeps one
-- row of an answer), and the order id is made by the database instead of by Node.
-- Variables: :sid, :tid, :mid, :pid (session, tier, merchant, production), :users, :notify (1 or 0).
\set u random(1, :users)
BEGIN;
select set_config('lock_timeout', '3s', true) as lock_timeout,
       pg_advisory_xact_lock(hashtextextended('order-holder:' || md5('bench-customer-' || :u)::uuid::text || ':' || :sid, 0)) as holder,
       (select status from session where id = :sid) as session_status;
with pivot as materialized (select gen_random_uuid() as id), onward as materialized (
  select id, price from inventory_unit
  where session_id = :sid and tier_id = :tid and state = 'free' and id >= (select id from pivot)
  order by id
  limit 2
  for update skip locked
), before as materialized (
  select id, price from inventory_unit
  where session_id = :sid and tier_id = :tid and state = 'free' and id < (select id from pivot)
  order by id
  limit (2 - (select count(*) from onward))
  for update skip locked
)
select array_agg(id) as ids, sum(price) as total from (select * from onward union all select * from before) places \gset
with prior as (
  select count(distinct o.id)::int as orders, count(i.unit_id)::int as tickets
  from customer_order o
  join order_item i on i.order_id = o.id and i.live
  where o.user_id = md5('bench-customer-' || :u)::uuid and o.session_id = :sid
    and (o.status in ('paid', 'completed', 'partially-refunded') or (o.status = 'pending' and o.expires_at > now()))
), new_order as (
  insert into customer_order (id, user_id, session_id, merchant_id, production_id, currency, total_amount,
    ticket_count, expires_at, contact_name, contact_phone, created_at, updated_at)
  select gen_random_uuid(), md5('bench-customer-' || :u)::uuid, :sid, :mid, :pid, 'CNY', :total, 2,
    now() + interval '15 minutes', '张三', '13800138000', now(), now()
  from prior
  where prior.tickets <= 98 and prior.orders <= 100
  returning id
), held as (
  update inventory_unit
  set state = 'held', order_id = (select id from new_order), held_until = now() + interval '15 minutes', updated_at = now()
  where session_id = :sid and id = any(:ids::uuid[])
    and (state = 'free' or (state = 'held' and held_until <= now())) and exists (select 1 from new_order)
  returning id
), items as (
  insert into order_item (order_id, unit_id, session_id, position, tier_id, seat_label, ticket_type, price)
  select (select id from new_order), held.id, :sid, row_number() over (order by held.id), :tid, null, 'adult', 48000
  from held
  returning 1
)
select prior.orders, prior.tickets, (select count(*) from held)::int as held from prior;
\if :notify
select pg_notify('seat_changes', json_build_object('s', :sid::text, 't', 'held', 'u', :ids::uuid[])::text);
\endif
COMMIT;
