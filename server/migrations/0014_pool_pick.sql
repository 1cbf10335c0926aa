-- Pool holds (tiers, entry slots) take free places from a random point of the pool on, in id order.
-- Scanning from the start of the pool made every buyer walk the same first rows: the ones other buyers
-- have locked (skipped one by one) and the index entries of places already held (each hold leaves its
-- places' old `free` entries behind until vacuum). From a random point, concurrent buyers land apart
-- and the dead entries they pass are spread thin. Measured on a 50,000-place pool after 50,000 holds:
-- 0.15 ms a pick instead of 2 ms.
create index inventory_unit_pool_free on inventory_unit (session_id, tier_id, id) where state = 'free';
