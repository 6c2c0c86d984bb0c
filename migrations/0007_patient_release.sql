-- Issue 7, the patient kept informed and the network's figures.
--
-- 1. The hold: when the answer's outcome is the suspected-cancer pathway, or the
--    dermatologist ticked "the GP discusses this with the patient first", the
--    patient does not see the specialist's summary until the requester releases
--    it. One row per released case (who, when); no row = not released.
create table case_patient_releases (
  case_id uuid primary key references cases(id),
  released_by uuid not null references users(id),
  released_at timestamptz not null
);

-- 2. The coordinator's figures: cases of a network (or of one service)
--    submitted within a period, read with index-only scans (the columns the
--    aggregates need are included).
create index cases_figures_network_idx on cases (network_id, submitted_at)
  include (service_id, state, answered_at, deadline_at, paused_ms, requester_id)
  where submitted_at is not null;
create index cases_figures_service_idx on cases (service_id, submitted_at)
  include (network_id, state, answered_at, deadline_at, paused_ms, requester_id)
  where submitted_at is not null;
-- Overdue now: open cases of a network past their deadline.
create index cases_figures_open_idx on cases (network_id, deadline_at)
  include (service_id, paused_at)
  where state in ('submitted', 'in_review', 'awaiting_requester');
