-- After the video visit: the dermatologist's record of the visit (notes,
-- diagnosis with an optional ICD-10 code, plan, and a plain-language summary
-- for the patient), saved as a draft while typed, then signed once: by the
-- appointment's dermatologist, when, and a SHA-256 of the signed content. A
-- signed record never changes (the database refuses it). A visit ends either
-- completed (the video took place) or as a no-show.
-- Also: notifications about appointments (the report to the referring GP, a new
-- booking for the dermatologist), which point at an appointment instead of a case.

create table visit_records (
  appointment_id uuid primary key references appointments(id),
  notes text not null default '',
  diagnosis text not null default '',
  icd10_code text,
  icd10_label text,
  plan text not null default '',
  patient_summary text not null default '',
  -- The draft's last writer and time (before signing).
  updated_by uuid references users(id),
  updated_at timestamptz not null default now(),
  -- Null while a draft; then how the visit ended, who signed and when.
  outcome text check (outcome in ('completed', 'no_show')),
  signed_by uuid references users(id),
  signed_at timestamptz,
  content_hash text,
  check ((signed_at is null) = (outcome is null) and (signed_at is null) = (signed_by is null) and (signed_at is null) = (content_hash is null))
);
create index visit_records_signed_idx on visit_records (signed_at) where signed_at is not null;

-- A signed visit record is immutable: no update, no delete, no truncate.
create function visit_records_refuse_signed_change() returns trigger
language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' or old.signed_at is not null then
    raise exception 'a signed visit record is immutable';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger visit_records_immutable before update or delete on visit_records
  for each row execute function visit_records_refuse_signed_change();
create trigger visit_records_no_truncate before truncate on visit_records
  for each statement execute function visit_records_refuse_signed_change();

-- Notifications about an appointment.
alter table notifications add column appointment_id uuid references appointments(id);
create index notifications_appointment_idx on notifications (appointment_id) where appointment_id is not null;
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check
  check (kind in ('case_submitted', 'case_claimed', 'case_reassigned', 'question_asked', 'question_answered',
    'answer_signed', 'answer_acknowledged', 'case_withdrawn', 'deadline_reminder', 'deadline_missed', 'photo_refused',
    'appointment_booked', 'appointment_cancelled', 'visit_report_ready', 'visit_no_show'));
