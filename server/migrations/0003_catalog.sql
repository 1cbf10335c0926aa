-- Catalogue: cities (GB/T 2260), companies, people, categories, productions and their credits.

-- Provinces and prefecture-level cities with their GB/T 2260 codes, loaded by `boxoffice import-cities`
-- (and at first start). The four municipalities (Beijing, Tianjin, Shanghai, Chongqing) are provinces
-- (110000) and also cities under the code of their urban districts (110100), named like the province, so
-- a venue in Beijing has the city code 110100 like a venue in Hangzhou has 330100.
create table city (
  code text primary key check (code ~ '^[1-9][0-9]{5}$'),
  name text not null,
  province_code text not null check (province_code ~ '^[1-9][0-9]0000$'),
  province_name text not null,
  level text not null check (level in ('province', 'city'))
);
create index city_level_province on city (level, province_code);

create table company (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('studio', 'distributor', 'troupe', 'organiser', 'museum')),
  created_at timestamptz not null default now()
);
create index company_name_trgm on company using gin (name gin_trgm_ops);

create table person (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  original_name text,
  avatar_url text,
  created_at timestamptz not null default now()
);
create index person_name_trgm on person using gin (name gin_trgm_ops);
create index person_original_name_trgm on person using gin (original_name gin_trgm_ops);

-- Genres and other tags; `kinds` says which production kinds may carry each one.
create table category (
  code text primary key check (code ~ '^[a-z][a-z0-9-]{0,39}$'),
  name_zh text not null,
  name_en text not null,
  kinds text[] not null check (kinds <@ array['movie', 'performance', 'exhibition'] and cardinality(kinds) > 0)
);

insert into category (code, name_zh, name_en, kinds) values
  ('drama', '剧情', 'Drama', array['movie']),
  ('comedy', '喜剧', 'Comedy', array['movie', 'performance']),
  ('action', '动作', 'Action', array['movie']),
  ('romance', '爱情', 'Romance', array['movie']),
  ('sci-fi', '科幻', 'Sci-fi', array['movie']),
  ('animation', '动画', 'Animation', array['movie']),
  ('thriller', '悬疑', 'Thriller', array['movie', 'performance']),
  ('horror', '恐怖', 'Horror', array['movie']),
  ('crime', '犯罪', 'Crime', array['movie']),
  ('war', '战争', 'War', array['movie']),
  ('history', '历史', 'History', array['movie', 'exhibition']),
  ('fantasy', '奇幻', 'Fantasy', array['movie']),
  ('adventure', '冒险', 'Adventure', array['movie']),
  ('family', '家庭', 'Family', array['movie', 'performance']),
  ('documentary', '纪录片', 'Documentary', array['movie']),
  ('concert', '演唱会', 'Concert', array['performance']),
  ('play', '话剧', 'Play', array['performance']),
  ('musical', '音乐剧', 'Musical', array['performance']),
  ('opera', '歌剧', 'Opera', array['performance']),
  ('chinese-opera', '戏曲', 'Chinese opera', array['performance']),
  ('classical', '古典音乐', 'Classical music', array['performance']),
  ('dance', '舞蹈', 'Dance', array['performance']),
  ('crosstalk', '相声', 'Crosstalk', array['performance']),
  ('children', '亲子', 'Children', array['performance', 'exhibition']),
  ('sports', '体育', 'Sports', array['performance']),
  ('exhibition', '展览', 'Exhibition', array['exhibition']),
  ('art', '艺术', 'Art', array['exhibition']),
  ('science', '科技', 'Science', array['exhibition']),
  ('museum', '博物馆', 'Museum', array['exhibition']);

create table production (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('movie', 'performance', 'exhibition')),
  title text not null check (length(title) between 1 and 200),
  original_title text,
  synopsis text,
  categories text[] not null default '{}',
  duration_minutes integer not null check (duration_minutes > 0),
  age_rating text,
  release_date date,
  poster_url text check (poster_url ~ '^https?://'),
  company_id uuid references company (id),
  -- The merchant that owns a performance or exhibition; null for the platform's movies. No foreign key:
  -- the merchant table arrives with the venues module's migration.
  merchant_id uuid,
  status text not null default 'draft' check (status in ('draft', 'pending-review', 'published', 'archived')),
  -- Why the last review sent it back to draft; kept until it is published.
  rejection_reason text,
  submitted_at timestamptz,
  reviewed_at timestamptz,
  rating_average numeric(3, 1) check (rating_average between 0 and 10),
  rating_count integer not null default 0 check (rating_count >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Movies are the platform's catalogue: a merchant owns only performances and exhibitions.
  check (kind <> 'movie' or merchant_id is null)
);
create index production_title_trgm on production using gin (title gin_trgm_ops);
create index production_original_title_trgm on production using gin (original_title gin_trgm_ops);
create index production_status_kind on production (status, kind);
create index production_release_date on production (release_date);
create index production_merchant on production (merchant_id) where merchant_id is not null;

create table production_person (
  production_id uuid not null references production (id) on delete cascade,
  person_id uuid not null references person (id),
  role text not null check (role in ('director', 'cast', 'writer', 'producer', 'composer', 'other')),
  character_name text,
  sort_order integer not null,
  primary key (production_id, person_id, role)
);
create index production_person_person on production_person (person_id);
