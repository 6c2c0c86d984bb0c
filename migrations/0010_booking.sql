-- Booking of teleconsultations: the dermatologists' weekly availability (RRULE
-- strings over local wall times), their leave and exceptions, the GP's booking
-- referral (an opaque link for the patient), and the reminder marks that make
-- each reminder email happen once.

create table availability_rules (
  id uuid primary key default gen_random_uuid(),
  service_id uuid not null references organisations(id),
  dermatologist_user_id uuid not null references users(id),
  -- Which local dates: an RRULE without DTSTART (e.g. FREQ=WEEKLY;BYDAY=MO,TH).
  rrule text not null,
  -- The local wall-clock window of those dates, 'HH:MM', cut into slots.
  start_time text not null check (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  end_time text not null check (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  slot_minutes integer not null check (slot_minutes between 5 and 240),
  time_zone text not null,
  valid_from date not null,
  valid_until date,
  created_at timestamptz not null default now(),
  check (end_time > start_time),
  check (valid_until is null or valid_until >= valid_from)
);
create index availability_rules_service_idx on availability_rules (service_id, dermatologist_user_id);

-- Local date ranges (inclusive) with no slots: leave, or a one-off exception.
create table availability_exceptions (
  id uuid primary key default gen_random_uuid(),
  dermatologist_user_id uuid not null references users(id),
  -- null: every service of the dermatologist.
  service_id uuid references organisations(id),
  kind text not null check (kind in ('leave', 'exception')),
  starts_on date not null,
  ends_on date not null,
  note text,
  created_at timestamptz not null default now(),
  check (ends_on >= starts_on)
);
create index availability_exceptions_derm_idx on availability_exceptions (dermatologist_user_id, ends_on);

-- A GP's referral to a teleconsultation: the patient books from /book/<token>
-- (only the token's SHA-256 is stored). Marks the coordinated care pathway.
create table booking_referrals (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  patient_id uuid not null references patients(id),
  service_id uuid not null references organisations(id),
  dermatologist_user_id uuid references users(id),
  referral_case_id uuid references cases(id),
  referral_letter text,
  referring_user_id uuid not null references users(id),
  referring_organisation_id uuid not null references organisations(id),
  created_by_user_id uuid not null references users(id),
  created_at timestamptz not null default now(),
  withdrawn_at timestamptz
);
create index booking_referrals_patient_idx on booking_referrals (patient_id, created_at);
create unique index booking_referrals_one_per_case on booking_referrals (referral_case_id) where referral_case_id is not null;

alter table appointments add column booking_referral_id uuid references booking_referrals(id);
create index appointments_booking_referral_idx on appointments (booking_referral_id) where booking_referral_id is not null;

-- One row per reminder sent ('24h', '1h'): at most once whatever the retries.
create table appointment_reminder_marks (
  appointment_id uuid not null references appointments(id),
  mark text not null check (mark in ('24h', '1h')),
  sent_at timestamptz not null default now(),
  primary key (appointment_id, mark)
);
