-- Tele-expertise cases: consents, the case itself (request, routing, deadline,
-- state), its events (every transition), the clarification thread, the signed
-- and immutable answer with its addenda, and personal answer templates.

-- Accent- and case-insensitive folding for duplicate detection and name search.
create function dl_fold(value text) returns text
language sql immutable strict parallel safe as $$
  select translate(
    replace(replace(replace(lower(value), 'œ', 'oe'), 'æ', 'ae'), 'ß', 'ss'),
    'àáâãäåāăąçćčďèéêëēėęěìíîïīįłñńňòóôõöøōőŕřśšşťùúûüūůűųýÿžźż''’-',
    'aaaaaaaaacccdeeeeeeeeiiiiiilnnnoooooooorrssstuuuuuuuuyyzzz   '
  )
$$;

alter table patients
  add column family_name_folded text generated always as (dl_fold(family_name)) stored,
  add column given_name_folded text generated always as (dl_fold(given_name)) stored;
create index patients_duplicate_idx on patients (organisation_id, birth_date, family_name_folded, given_name_folded);
create index patients_folded_name_idx on patients (organisation_id, family_name_folded text_pattern_ops);

create table consents (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patients(id),
  method text not null check (method in ('oral_in_consultation', 'signed', 'patient_account')),
  scope text[] not null check (cardinality(scope) > 0 and scope <@ array['photos', 'remote_expertise']),
  recorded_by uuid references users(id),
  recorded_at timestamptz not null,
  withdrawn_at timestamptz,
  withdrawn_by uuid references users(id),
  withdrawal_reason text,
  created_at timestamptz not null default now()
);
create index consents_patient_idx on consents (patient_id, recorded_at);

create table cases (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patients(id),
  requester_id uuid not null references users(id),
  requester_org_id uuid not null references organisations(id),
  -- The requester organisation's network: coordinators see their network's cases.
  network_id uuid not null references networks(id),
  -- Routing: the dermatology service (pool), optionally a named dermatologist of it.
  service_id uuid references organisations(id),
  target_dermatologist_id uuid references users(id),
  -- Who has claimed the case.
  assigned_dermatologist_id uuid references users(id),
  state text not null default 'draft'
    check (state in ('draft', 'submitted', 'in_review', 'awaiting_requester', 'answered', 'acknowledged', 'withdrawn')),
  urgency text check (urgency in ('routine', 'urgent')),
  -- 0 suspected cancer, 1 urgent, 2 routine: ascending order is queue order.
  priority_rank smallint check (priority_rank between 0 and 2),
  suspected_cancer boolean not null default false,
  seven_point_score smallint,
  body_site text,
  reason text,
  -- The request (draft while state = 'draft', then the validated submitted request).
  request jsonb not null default '{}',
  schema_version integer,
  -- The assigned dermatologist's unsigned answer, autosaved.
  answer_draft jsonb,
  submitted_at timestamptz,
  deadline_at timestamptz,
  -- Clock paused while awaiting the requester (when the service says so).
  paused_at timestamptz,
  paused_ms bigint not null default 0,
  claimed_at timestamptz,
  answered_at timestamptz,
  read_by_requester_at timestamptz,
  acknowledged_at timestamptz,
  withdrawn_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (state in ('draft', 'withdrawn') or (service_id is not null and urgency is not null and priority_rank is not null
    and submitted_at is not null and deadline_at is not null and schema_version is not null)),
  check (state <> 'in_review' or assigned_dermatologist_id is not null)
);
-- The dermatologists' queue: open cases of a service in queue order.
create index cases_queue_idx on cases (service_id, priority_rank, deadline_at, id)
  where state in ('submitted', 'in_review', 'awaiting_requester');
create index cases_assigned_open_idx on cases (assigned_dermatologist_id, priority_rank, deadline_at, id)
  where state in ('submitted', 'in_review', 'awaiting_requester');
create index cases_target_open_idx on cases (target_dermatologist_id, priority_rank, deadline_at, id)
  where state in ('submitted', 'in_review', 'awaiting_requester') and target_dermatologist_id is not null;
-- The requester's list and the unread badge.
create index cases_requester_org_idx on cases (requester_org_id, state, updated_at desc);
create index cases_unread_idx on cases (requester_org_id)
  where state = 'answered' and read_by_requester_at is null;
create index cases_patient_idx on cases (patient_id, created_at);
create index cases_network_idx on cases (network_id, state);

create table case_events (
  id uuid primary key default gen_random_uuid(),
  -- Insertion order: events of one request share the same clock instant.
  seq bigint generated always as identity,
  case_id uuid not null references cases(id),
  transition text not null,
  from_state text,
  to_state text not null,
  actor_user_id uuid references users(id),
  actor_role text,
  occurred_at timestamptz not null,
  -- Non-clinical facts only (e.g. the dermatologist a case was reassigned to).
  details jsonb not null default '{}'
);
create index case_events_case_idx on case_events (case_id, seq);

create table case_messages (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity,
  case_id uuid not null references cases(id),
  kind text not null check (kind in ('question', 'reply')),
  body text not null,
  author_user_id uuid not null references users(id),
  author_role text not null,
  created_at timestamptz not null
);
create index case_messages_case_idx on case_messages (case_id, seq);

create table case_answers (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null unique references cases(id),
  diagnosis text not null,
  icd10_code text,
  icd10_label text,
  differentials jsonb not null default '[]',
  management_plan text not null,
  treatment_suggestions text,
  outcome text not null check (outcome in ('advice_only', 'routine_face_to_face', 'urgent_face_to_face',
    'suspected_cancer_pathway', 'biopsy_excision', 'teleconsultation')),
  patient_summary text not null,
  gp_discusses_first boolean not null default false,
  signed_by uuid not null references users(id),
  signed_at timestamptz not null,
  -- SHA-256 (hex) of the canonical JSON of the signed content.
  content_hash text not null,
  created_at timestamptz not null default now()
);

create table case_answer_addenda (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity,
  answer_id uuid not null references case_answers(id),
  case_id uuid not null references cases(id),
  text text not null,
  outcome text check (outcome in ('advice_only', 'routine_face_to_face', 'urgent_face_to_face',
    'suspected_cancer_pathway', 'biopsy_excision', 'teleconsultation')),
  signed_by uuid not null references users(id),
  signed_at timestamptz not null,
  content_hash text not null,
  created_at timestamptz not null default now()
);
create index case_answer_addenda_case_idx on case_answer_addenda (case_id, signed_at);

-- A signed answer and its addenda never change: corrections are new addenda.
create function signed_answers_refuse_change() returns trigger
language plpgsql as $$
begin
  raise exception 'signed answers are immutable: add a signed addendum instead';
end
$$;
create trigger case_answers_immutable before update or delete on case_answers
  for each row execute function signed_answers_refuse_change();
create trigger case_answers_no_truncate before truncate on case_answers
  for each statement execute function signed_answers_refuse_change();
create trigger case_answer_addenda_immutable before update or delete on case_answer_addenda
  for each row execute function signed_answers_refuse_change();
create trigger case_answer_addenda_no_truncate before truncate on case_answer_addenda
  for each statement execute function signed_answers_refuse_change();

create table answer_templates (
  id uuid primary key default gen_random_uuid(),
  owner_user_id uuid not null references users(id),
  name text not null,
  content jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index answer_templates_owner_idx on answer_templates (owner_user_id, lower(name));
