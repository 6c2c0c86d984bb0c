-- Fees and billing. The fee schedule is data: one row per country, act code and
-- period of validity. A change is a new version (the old row's validity is
-- closed), never an overwrite, so a billing line always points at the exact
-- entry, amount and rates it was computed from.
--
-- Validity is a closed interval of calendar days: valid_from .. valid_to, both
-- included; valid_to null means "until further notice". The application refuses
-- two entries of one country and act whose periods overlap (under an advisory
-- lock per country and act; an exclusion constraint would need btree_gist,
-- which the embedded database does not load).

create table fee_schedule_entries (
  id uuid primary key default gen_random_uuid(),
  country text not null check (country in ('FR', 'GB')),
  act_code text not null check (act_code ~ '^[A-Z0-9][A-Z0-9_-]{0,15}$'),
  label_fr text not null check (length(label_fr) between 1 and 200),
  label_en text not null check (length(label_en) between 1 and 200),
  -- Who bills the act: the dermatologist answering a tele-expertise case
  -- (expert), the clinician who asked (requester), or the dermatologist of a
  -- video visit (teleconsultant). Which lines an event produces follows from it.
  billed_by text not null check (billed_by in ('expert', 'requester', 'teleconsultant')),
  amount_cents integer not null check (amount_cents >= 0),
  currency text not null check (currency in ('EUR', 'GBP')),
  -- Percent of the amount the insurer pays, inside and outside the coordinated care pathway.
  insurer_share_coordinated integer not null check (insurer_share_coordinated between 0 and 100),
  insurer_share_uncoordinated integer not null check (insurer_share_uncoordinated between 0 and 100),
  -- At most this many billable acts per patient and calendar year (null: no cap).
  yearly_cap_per_patient integer check (yearly_cap_per_patient is null or yearly_cap_per_patient >= 1),
  valid_from date not null,
  valid_to date,
  -- The entry this one follows (a new version of it).
  previous_id uuid references fee_schedule_entries(id),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  check (valid_to is null or valid_to >= valid_from)
);
create index fee_schedule_lookup_idx on fee_schedule_entries (country, act_code, valid_from);
create index fee_schedule_billed_by_idx on fee_schedule_entries (country, billed_by, valid_from);

-- Seed values (assumptions, documented in the billing docs):
-- TCG: teleconsultation by a specialist, EUR 25; the insurer pays 70% in the
--   coordinated care pathway and 30% outside it (the reduced rate outside the
--   pathway).
-- TE2: tele-expertise for the expert, EUR 20 from 1 April 2022 (avenant 9),
--   EUR 23 from 1 January 2026. RQD: for the requester, EUR 10, at most 4 a year
--   per patient. Tele-expertise is paid in full by the insurer (100%).
-- UK: NHS activity recorded at a zero tariff (GBP 0).
-- Start dates other than TE2's 2026 change are the seed's own starting point,
-- not regulatory dates.
insert into fee_schedule_entries
  (country, act_code, label_fr, label_en, billed_by, amount_cents, currency, insurer_share_coordinated, insurer_share_uncoordinated, yearly_cap_per_patient, valid_from, valid_to)
values
  ('FR', 'TCG', 'Téléconsultation', 'Teleconsultation', 'teleconsultant', 2500, 'EUR', 70, 30, null, '2022-04-01', null),
  ('FR', 'TE2', 'Téléexpertise (médecin requis)', 'Tele-expertise (expert)', 'expert', 2000, 'EUR', 100, 100, null, '2022-04-01', '2025-12-31'),
  ('FR', 'RQD', 'Demande de téléexpertise (médecin requérant)', 'Tele-expertise request (requester)', 'requester', 1000, 'EUR', 100, 100, 4, '2022-04-01', null),
  ('GB', 'NHS-TC', 'Téléconsultation NHS (activité, tarif nul)', 'NHS video consultation (activity, zero tariff)', 'teleconsultant', 0, 'GBP', 100, 100, null, '2020-04-01', null),
  ('GB', 'NHS-AG', 'Avis et orientation NHS (activité, tarif nul)', 'NHS advice and guidance (activity, zero tariff)', 'expert', 0, 'GBP', 100, 100, null, '2020-04-01', null);
insert into fee_schedule_entries
  (country, act_code, label_fr, label_en, billed_by, amount_cents, currency, insurer_share_coordinated, insurer_share_uncoordinated, yearly_cap_per_patient, valid_from, valid_to, previous_id)
select 'FR', 'TE2', 'Téléexpertise (médecin requis)', 'Tele-expertise (expert)', 'expert', 2300, 'EUR', 100, 100, null, '2026-01-01', null, id
  from fee_schedule_entries where country = 'FR' and act_code = 'TE2' and valid_from = '2022-04-01';

-- One line per billable act: a completed video visit or an answered
-- tele-expertise case produces one line per fee entry billed for it. Amounts
-- and rates are copied from the entry, so a later schedule change does not
-- rewrite what was billed.
create table billing_lines (
  id uuid primary key default gen_random_uuid(),
  network_id uuid not null references networks(id),
  appointment_id uuid references appointments(id),
  case_id uuid references cases(id),
  fee_entry_id uuid not null references fee_schedule_entries(id),
  act_code text not null,
  billed_by text not null check (billed_by in ('expert', 'requester', 'teleconsultant')),
  clinician_user_id uuid not null references users(id),
  organisation_id uuid not null references organisations(id),
  patient_id uuid not null references patients(id),
  -- The act's calendar day in the network's time zone (statements and caps go by it).
  act_date date not null,
  acted_at timestamptz not null,
  coordinated boolean not null,
  currency text not null check (currency in ('EUR', 'GBP')),
  amount_cents integer not null check (amount_cents >= 0),
  insurer_share_percent integer not null check (insurer_share_percent between 0 and 100),
  insurer_amount_cents integer not null check (insurer_amount_cents >= 0),
  patient_amount_cents integer not null check (patient_amount_cents >= 0),
  -- Why the amount differs from the schedule: the yearly cap is reached, or no
  -- video connection was recorded for the visit.
  explanation text check (explanation in ('cap_reached', 'no_video')),
  -- For capped acts: which act of the year this is for the patient (1, 2, ... 5).
  yearly_rank integer,
  payment_status text not null check (payment_status in ('not_due', 'due', 'paid')),
  paid_at timestamptz,
  paid_via text check (paid_via in ('online', 'practice')),
  paid_marked_by uuid references users(id),
  stripe_checkout_session_id text,
  created_at timestamptz not null default now(),
  check ((appointment_id is null) <> (case_id is null)),
  check (insurer_amount_cents + patient_amount_cents = amount_cents),
  check ((payment_status = 'paid') = (paid_at is not null)),
  check (payment_status <> 'not_due' or patient_amount_cents = 0)
);
-- Idempotent: one line per act and code, however often the billing runs.
create unique index billing_lines_one_per_visit_act on billing_lines (appointment_id, act_code) where appointment_id is not null;
create unique index billing_lines_one_per_case_act on billing_lines (case_id, act_code) where case_id is not null;
create index billing_lines_statement_idx on billing_lines (clinician_user_id, act_date);
create index billing_lines_network_idx on billing_lines (network_id, act_date);
create index billing_lines_patient_idx on billing_lines (patient_id, act_code, act_date);

-- Stripe webhook events already handled (Stripe delivers at least once).
create table stripe_events (
  event_id text primary key,
  type text not null,
  billing_line_id uuid references billing_lines(id),
  received_at timestamptz not null default now()
);
