-- Identity: users, roles and permissions (platform-wide or scoped to one merchant), groups,
-- SMS codes, rotating refresh tokens, QR login requests.
create table app_user (
  id uuid primary key default gen_random_uuid(),
  username text not null check (username ~ '^[A-Za-z0-9_.-]{3,32}$'),
  -- Stored normalised: a mainland mobile as 11 digits, anything else in E.164.
  phone text check (phone ~ '^(1[3-9][0-9]{9}|\+[1-9][0-9]{6,14})$'),
  email text check (length(email) <= 254),
  password_hash text,
  nickname text check (length(nickname) <= 32),
  avatar_url text check (length(avatar_url) <= 500),
  status text not null default 'active' check (status in ('active', 'disabled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- The service maps a violation of each of these indexes, by name, to USERNAME_TAKEN, PHONE_TAKEN, EMAIL_TAKEN.
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
  name text not null check (length(name) between 2 and 64),
  description text not null default '' check (length(description) <= 500),
  scope text not null check (scope in ('platform', 'merchant')),
  built_in boolean not null default false,
  created_at timestamptz not null default now()
);
create unique index role_name_key on role (lower(name));

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
create index user_role_merchant on user_role (merchant_id) where merchant_id is not null;

create table user_group (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 2 and 64),
  description text not null default '' check (length(description) <= 500),
  created_at timestamptz not null default now()
);
create unique index user_group_name_key on user_group (lower(name));

create table user_group_member (
  group_id uuid not null references user_group (id) on delete cascade,
  user_id uuid not null references app_user (id) on delete cascade,
  primary key (group_id, user_id)
);
create index user_group_member_user on user_group_member (user_id);

create table user_group_role (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references user_group (id) on delete cascade,
  role_id uuid not null references role (id) on delete cascade,
  merchant_id uuid,
  created_at timestamptz not null default now()
);
create unique index user_group_role_key on user_group_role (group_id, role_id, coalesce(merchant_id, '00000000-0000-0000-0000-000000000000'));

-- Only an HMAC of the code is kept; the newest row per (phone, purpose) is the one that counts.
create table sms_code (
  id uuid primary key default gen_random_uuid(),
  phone text not null,
  purpose text not null check (purpose in ('register', 'login', 'reset-password')),
  code_hash text not null,
  attempts integer not null default 0 check (attempts >= 0),
  expires_at timestamptz not null,
  consumed_at timestamptz,
  created_at timestamptz not null default now()
);
create index sms_code_phone_purpose on sms_code (phone, purpose, created_at desc);

-- One row per issued refresh token (a SHA-256 of it); rotation chains tokens of one sign-in in a family.
create table refresh_token (
  id uuid primary key default gen_random_uuid(),
  family_id uuid not null,
  user_id uuid not null references app_user (id) on delete cascade,
  portal text not null check (portal in ('customer', 'merchant', 'admin')),
  -- The merchant chosen at merchant-portal sign-in, kept across rotations while the user is still its staff.
  merchant_id uuid,
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index refresh_token_family on refresh_token (family_id);
create index refresh_token_user on refresh_token (user_id) where revoked_at is null;

-- pending -> confirmed (a signed-in phone approved) -> consumed (the browser took its tokens); or -> expired.
create table qr_login (
  id uuid primary key default gen_random_uuid(),
  status text not null default 'pending' check (status in ('pending', 'confirmed', 'consumed', 'expired')),
  user_id uuid references app_user (id) on delete cascade,
  expires_at timestamptz not null,
  confirmed_at timestamptz,
  consumed_at timestamptz,
  created_at timestamptz not null default now(),
  check ((status = 'pending') = (user_id is null) or status = 'expired')
);
