-- Teleconsultation, the core every part of the pathway shares: pharmacies and
-- pharmacists (who dispense prescriptions), the appointment (a booked slot of a
-- dermatologist for a patient, with its referral and questionnaire), who joined
-- and left the video visit, and photos that belong to an appointment instead of
-- a case. Booking rules, visit notes, prescriptions and billing add their own
-- tables in later migrations.

alter table organisations drop constraint organisations_kind_check;
alter table organisations add constraint organisations_kind_check
  check (kind in ('gp_practice', 'dermatology_service', 'network_office', 'pharmacy'));

alter table memberships drop constraint memberships_role_check;
alter table memberships add constraint memberships_role_check
  check (role in ('requester', 'dermatologist', 'coordinator', 'pharmacist'));

alter table invitations drop constraint invitations_role_check;
alter table invitations add constraint invitations_role_check
  check (role in ('requester', 'dermatologist', 'coordinator', 'pharmacist'));

create table appointments (
  id uuid primary key default gen_random_uuid(),
  -- The dermatology service that holds the slot and the dermatologist who sees the patient.
  service_id uuid not null references organisations(id),
  dermatologist_user_id uuid not null references users(id),
  patient_id uuid not null references patients(id),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- The wall-clock zone the slot was published in (Europe/Paris, Europe/London).
  time_zone text not null,
  status text not null default 'booked' check (status in ('booked', 'cancelled', 'completed', 'no_show')),
  -- The referral: a tele-expertise case or a GP letter; either marks the coordinated pathway.
  referral_case_id uuid references cases(id),
  referral_letter text,
  referring_user_id uuid references users(id),
  referring_organisation_id uuid references organisations(id),
  coordinated boolean not null default false,
  booked_by_user_id uuid not null references users(id),
  -- The patient's answers before the visit (contracts/appointments questionnaire schema).
  questionnaire jsonb,
  questionnaire_submitted_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by_user_id uuid references users(id),
  -- The appointment this one replaced when the patient rescheduled.
  rescheduled_from_id uuid references appointments(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at),
  check ((status = 'cancelled') = (cancelled_at is not null))
);
-- Double booking is impossible: one live appointment per dermatologist and start
-- time. Two patients racing for one slot both try to insert; the database keeps one.
create unique index appointments_one_live_per_slot on appointments (dermatologist_user_id, starts_at)
  where status <> 'cancelled';
create index appointments_patient_idx on appointments (patient_id, starts_at);
create index appointments_service_idx on appointments (service_id, starts_at);
create index appointments_referral_case_idx on appointments (referral_case_id) where referral_case_id is not null;

-- Who joined, was admitted to and left the video visit, and when: the visit's
-- timeline for the record and for the billing rule that video is required.
create table visit_events (
  id bigint generated always as identity primary key,
  appointment_id uuid not null references appointments(id),
  user_id uuid not null references users(id),
  kind text not null check (kind in ('joined', 'admitted', 'left')),
  at timestamptz not null default now()
);
create index visit_events_appointment_idx on visit_events (appointment_id, at);

-- A photo belongs to a case or to an appointment (added before the visit, or a
-- still taken from the patient's video during it).
alter table photos alter column case_id drop not null;
alter table photos add column appointment_id uuid references appointments(id);
alter table photos add constraint photos_one_owner check ((case_id is null) <> (appointment_id is null));
create index photos_appointment_idx on photos (appointment_id, created_at) where appointment_id is not null;

alter table photo_uploads alter column case_id drop not null;
alter table photo_uploads add column appointment_id uuid references appointments(id);
alter table photo_uploads add constraint photo_uploads_one_owner check ((case_id is null) <> (appointment_id is null));
