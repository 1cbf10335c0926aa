-- Identity: users, roles and permissions (platform-wide or scoped to one merchant), groups,
-- SMS codes, rotating refresh tokens, QR login requests.
create table app_user (
  id uuid primary key default gen_random_uuid(),
  username text not null check (length(username) between 3 and 32),
  phone text check (phone ~ '^\+?[0-9]{6,20}$'),
  email text,
  password_hash text,
  nickname text,
  avatar_url text,
  status text not null default 'active' check (status in ('active', 'disabled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index app_user_username_key on app_user (lower(username));
create unique index app_user_phone_key on app_user (phone) where phone is not null;
create unique index app_user_email_key on app_user (lower(email)) where email is not null;

-- One row per bit of identity/permissions.ts, kept in step at start.
create table permission (
  code text primary key,
  bit integer not null unique check (bit between 0 and 127),
  description text not null default ''
);

create table role (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (length(name) between 2 and 64),
  description text not null default '',
  scope text not null check (scope in ('platform', 'merchant')),
  built_in boolean not null default false,
  created_at timestamptz not null default now()
);

create table role_permission (
  role_id uuid not null references role (id) on delete cascade,
  permission_code text not null references permission (code) on delete cascade,
  primary key (role_id, permission_code)
);

-- merchant_id is set for merchant-scoped roles (the merchants table arrives with the venues module).
create table user_role (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id) on delete cascade,
  role_id uuid not null references role (id) on delete cascade,
  merchant_id uuid,
  created_at timestamptz not null default now()
);
create unique index user_role_key on user_role (user_id, role_id, coalesce(merchant_id, '00000000-0000-0000-0000-000000000000'));

create table user_group (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (length(name) between 2 and 64),
  description text not null default '',
  created_at timestamptz not null default now()
);

create table user_group_member (
  group_id uuid not null references user_group (id) on delete cascade,
  user_id uuid not null references app_user (id) on delete cascade,
  primary key (group_id, user_id)
);

create table user_group_role (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references user_group (id) on delete cascade,
  role_id uuid not null references role (id) on delete cascade,
  merchant_id uuid
);
create unique index user_group_role_key on user_group_role (group_id, role_id, coalesce(merchant_id, '00000000-0000-0000-0000-000000000000'));

create table sms_code (
  id uuid primary key default gen_random_uuid(),
  phone text not null,
  purpose text not null check (purpose in ('register', 'login', 'reset-password')),
  code_hash text not null,
  attempts integer not null default 0,
  expires_at timestamptz not null,
  consumed_at timestamptz,
  created_at timestamptz not null default now()
);
create index sms_code_phone_purpose on sms_code (phone, purpose, created_at desc);

create table refresh_token (
  id uuid primary key default gen_random_uuid(),
  family_id uuid not null,
  user_id uuid not null references app_user (id) on delete cascade,
  portal text not null check (portal in ('customer', 'merchant', 'admin')),
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index refresh_token_family on refresh_token (family_id);

create table qr_login (
  id uuid primary key default gen_random_uuid(),
  status text not null default 'pending' check (status in ('pending', 'confirmed', 'consumed', 'expired')),
  user_id uuid references app_user (id) on delete cascade,
  expires_at timestamptz not null,
  confirmed_at timestamptz,
  consumed_at timestamptz,
  created_at timestamptz not null default now()
);
