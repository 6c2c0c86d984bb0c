-- Foundation: networks, organisations, people and their roles, patients,
-- server-side sessions and the hash-chained audit trail.

create table networks (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  country text not null check (country in ('FR', 'GB')),
  time_zone text not null,
  created_at timestamptz not null default now()
);

create table organisations (
  id uuid primary key default gen_random_uuid(),
  network_id uuid not null references networks(id),
  kind text not null check (kind in ('gp_practice', 'dermatology_service', 'network_office')),
  name text not null,
  -- Per-service settings (deadline policy, clock pause) live as validated JSON.
  settings jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index organisations_network_idx on organisations (network_id);

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  display_name text not null,
  locale text not null default 'fr' check (locale in ('fr', 'en')),
  kind text not null check (kind in ('clinician', 'patient')),
  status text not null default 'active' check (status in ('invited', 'active', 'disabled')),
  password_hash text,
  professional_id text,
  country text check (country in ('FR', 'GB')),
  failed_attempts integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table memberships (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id),
  organisation_id uuid not null references organisations(id),
  role text not null check (role in ('requester', 'dermatologist', 'coordinator')),
  created_at timestamptz not null default now(),
  unique (user_id, organisation_id, role)
);
create index memberships_organisation_idx on memberships (organisation_id);

create table patients (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations(id),
  family_name text not null,
  given_name text not null,
  birth_date date not null,
  sex text not null check (sex in ('female', 'male', 'other', 'unknown')),
  email text,
  phone text,
  national_id text,
  national_id_kind text check (national_id_kind in ('fr_nir', 'gb_nhs')),
  -- The patient's own account, once they have signed in.
  user_id uuid references users(id),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index patients_organisation_name_idx on patients (organisation_id, lower(family_name), lower(given_name));
create index patients_user_idx on patients (user_id);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  -- Only the SHA-256 of the cookie token is stored: a database leak gives no live session.
  token_hash text not null unique,
  user_id uuid not null references users(id),
  active_membership_id uuid references memberships(id),
  -- A clinician's session is not usable until the second factor is verified.
  second_factor_verified boolean not null default false,
  csrf_token text not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  idle_expires_at timestamptz not null,
  absolute_expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user_idx on sessions (user_id);

-- Audit trail: append-only and tamper-evident. Each row carries the hash of the
-- previous one; the chain order is the seq assigned under a lock in the trigger,
-- so concurrent writers cannot interleave.
create sequence audit_events_seq;
create table audit_events (
  id uuid primary key default gen_random_uuid(),
  seq bigint not null unique,
  occurred_at timestamptz not null default now(),
  actor_user_id uuid,
  actor_role text,
  actor_organisation_id uuid,
  session_id uuid,
  action text not null,
  resource_type text not null,
  resource_id text,
  patient_id uuid,
  ip text,
  user_agent text,
  outcome text not null check (outcome in ('success', 'failure', 'denied')),
  details jsonb not null default '{}',
  prev_hash text not null,
  hash text not null
);
create index audit_events_patient_idx on audit_events (patient_id, occurred_at);
create index audit_events_actor_idx on audit_events (actor_user_id, occurred_at);
create index audit_events_occurred_idx on audit_events (occurred_at);

create function audit_event_digest(prev text, e audit_events) returns text
language sql immutable as $$
  select encode(sha256(convert_to(concat_ws('|',
    prev, e.seq::text, e.id::text, to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    coalesce(e.actor_user_id::text, ''), coalesce(e.actor_role, ''), coalesce(e.actor_organisation_id::text, ''),
    coalesce(e.session_id::text, ''), e.action, e.resource_type, coalesce(e.resource_id, ''),
    coalesce(e.patient_id::text, ''), coalesce(e.ip, ''), coalesce(e.user_agent, ''), e.outcome, e.details::text
  ), 'UTF8')), 'hex')
$$;

create function audit_events_chain() returns trigger
language plpgsql as $$
declare
  previous text;
begin
  -- Held until commit: the next writer sees this row as its predecessor.
  perform pg_advisory_xact_lock(7312004002);
  new.seq := nextval('audit_events_seq');
  select hash into previous from audit_events order by seq desc limit 1;
  new.prev_hash := coalesce(previous, 'genesis');
  new.hash := audit_event_digest(new.prev_hash, new);
  return new;
end
$$;

create trigger audit_events_chain before insert on audit_events
  for each row execute function audit_events_chain();

create function audit_events_refuse_change() returns trigger
language plpgsql as $$
begin
  raise exception 'audit events are append-only';
end
$$;

create trigger audit_events_append_only before update or delete on audit_events
  for each row execute function audit_events_refuse_change();
create trigger audit_events_no_truncate before truncate on audit_events
  for each statement execute function audit_events_refuse_change();
