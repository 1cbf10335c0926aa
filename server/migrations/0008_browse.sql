-- Browsing's read model: counters per production that rankings and sort orders read. Views are counted
-- by the production page; tickets and box office are kept by the orders and payments flow (paid minus
-- refunded, in the platform's currency).
create table production_stat (
  production_id uuid primary key references production (id) on delete cascade,
  views bigint not null default 0 check (views >= 0),
  tickets_sold bigint not null default 0 check (tickets_sold >= 0),
  box_office_amount bigint not null default 0 check (box_office_amount >= 0),
  updated_at timestamptz not null default now()
);
create index production_stat_box_office on production_stat (box_office_amount desc);
