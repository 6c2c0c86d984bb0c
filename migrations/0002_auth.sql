-- Sign-in: second factors (TOTP, recovery codes, passkeys), WebAuthn
-- challenges, invitations and single-use email tokens (patient links and
-- codes, password resets). Secrets are stored encrypted (TOTP) or hashed
-- (every token and code): a database leak gives no way in.

-- At most one verified row per user; a new enrolment adds an unverified row
-- that replaces the old one only once a code from it is verified.
create table user_totp (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id),
  -- AES-256-GCM envelope (server/src/crypto/envelope.ts) of the base32 secret.
  secret_ciphertext bytea not null,
  secret_wrapped_key bytea not null,
  -- Null until the person proved the app produces codes.
  verified_at timestamptz,
  -- Replay guard: a code's time step is accepted once.
  last_used_step bigint,
  created_at timestamptz not null default now()
);
create index user_totp_user_idx on user_totp (user_id);

create table recovery_codes (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id),
  code_hash text not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index recovery_codes_user_idx on recovery_codes (user_id);

create table passkeys (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id),
  credential_id text not null unique,
  public_key bytea not null,
  counter bigint not null default 0,
  transports text[] not null default '{}',
  name text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);
create index passkeys_user_idx on passkeys (user_id);

create table webauthn_challenges (
  id uuid primary key default gen_random_uuid(),
  purpose text not null check (purpose in ('registration', 'authentication')),
  challenge text not null,
  user_id uuid references users(id),
  session_id uuid references sessions(id),
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);

create table invitations (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  email text not null,
  organisation_id uuid not null references organisations(id),
  role text not null check (role in ('requester', 'dermatologist', 'coordinator')),
  locale text not null default 'fr' check (locale in ('fr', 'en')),
  invited_by uuid not null references users(id),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_user_id uuid references users(id),
  created_at timestamptz not null default now()
);
create index invitations_organisation_idx on invitations (organisation_id, accepted_at);

create table login_tokens (
  id uuid primary key default gen_random_uuid(),
  purpose text not null check (purpose in ('patient_sign_in', 'password_reset')),
  -- Null for a decoy request (unknown email): same answer, nothing sent.
  user_id uuid references users(id),
  email text not null,
  token_hash text not null unique,
  -- The 6-digit alternative of a patient link (HMAC-SHA-256 keyed by the request).
  code_hash text,
  attempts integer not null default 0,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index login_tokens_user_idx on login_tokens (user_id, purpose);
