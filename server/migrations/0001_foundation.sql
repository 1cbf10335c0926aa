-- Cross-cutting tables: idempotency keys and rate-limit counters. pg_trgm serves fuzzy search later.
create extension if not exists pg_trgm;

create table idempotency_key (
  scope text not null,              -- the user id, or 'anonymous'
  key text not null,
  request_hash text not null,       -- method, path and canonical body
  status_code integer,              -- null while the first request is being processed
  content_type text,
  response text,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  primary key (scope, key)
);
create index idempotency_key_created_at on idempotency_key (created_at);

create table rate_limit_counter (
  bucket text not null,
  subject text not null,
  window_start timestamptz not null,
  hits integer not null,
  primary key (bucket, subject, window_start)
);
create index rate_limit_counter_window_start on rate_limit_counter (window_start);
