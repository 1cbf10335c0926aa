-- Visitors: a customer's saved real-name attendees. The clear ID number is never stored: it is kept
-- encrypted (AES-256-GCM, iv ‖ tag ‖ ciphertext, bound to the row's id) so the door can read it back,
-- as a keyed hash (HMAC-SHA256 of "idType:number") so orders can enforce "one ticket per ID number per
-- session" without decrypting, and masked for display. Deleting is soft: tickets keep their holder.
create table visitor (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id),
  name text not null check (length(name) between 1 and 50),
  id_type text not null check (id_type in ('id-card', 'passport', 'hk-macao-permit', 'taiwan-permit', 'foreigner-permit')),
  -- 12-byte iv + 16-byte tag + at least 5 bytes of ciphertext.
  id_number_encrypted bytea not null check (length(id_number_encrypted) >= 33),
  id_hash text not null check (id_hash ~ '^[0-9a-f]{64}$'),
  id_masked text not null check (length(id_masked) between 5 and 20),
  phone text check (phone ~ '^(1[3-9][0-9]{9}|\+[1-9][0-9]{6,14})$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
-- One customer saves an ID once (VISITOR_EXISTS); a deleted visitor frees its ID for a new one.
-- Its user_id prefix also serves the customer's list.
create unique index visitor_user_id_hash_key on visitor (user_id, id_hash) where deleted_at is null;
