// Kysely view of migrations/0004_cases.sql.
import type { ColumnType, Generated } from 'kysely';
import type { CaseState, CaseTransition } from '../../../contracts/clinical/case-state.ts';
import type { TriageOutcome } from '../../../contracts/clinical/triage.ts';
import type { CreatedAt, Json, JsonWithDefault, Timestamp, TimestampWithDefault } from '../db/schema.ts';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface CasesTable {
  id: Generated<string>;
  patient_id: string;
  requester_id: string;
  requester_org_id: string;
  network_id: string;
  service_id: Nullable<string>;
  target_dermatologist_id: Nullable<string>;
  assigned_dermatologist_id: Nullable<string>;
  state: ColumnType<CaseState, CaseState | undefined, CaseState>;
  urgency: Nullable<'routine' | 'urgent'>;
  priority_rank: Nullable<number>;
  suspected_cancer: Generated<boolean>;
  seven_point_score: Nullable<number>;
  body_site: Nullable<string>;
  reason: Nullable<string>;
  request: JsonWithDefault;
  schema_version: Nullable<number>;
  answer_draft: Nullable<Record<string, unknown> | string>;
  submitted_at: Nullable<Date>;
  deadline_at: Nullable<Date>;
  paused_at: Nullable<Date>;
  paused_ms: Generated<number>;
  claimed_at: Nullable<Date>;
  answered_at: Nullable<Date>;
  read_by_requester_at: Nullable<Date>;
  acknowledged_at: Nullable<Date>;
  withdrawn_at: Nullable<Date>;
  withdrawal_reason: Nullable<string>;
  created_at: TimestampWithDefault;
  updated_at: TimestampWithDefault;
}

export interface CaseEventsTable {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  case_id: string;
  transition: CaseTransition;
  from_state: CaseState | null;
  to_state: CaseState;
  actor_user_id: string | null;
  actor_role: string | null;
  occurred_at: Timestamp;
  details: JsonWithDefault;
}

export interface CaseMessagesTable {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  case_id: string;
  kind: 'question' | 'reply';
  body: string;
  author_user_id: string;
  author_role: string;
  created_at: Timestamp;
}

export interface CaseAnswersTable {
  id: Generated<string>;
  case_id: string;
  diagnosis: string;
  icd10_code: string | null;
  icd10_label: string | null;
  differentials: Json<Array<{ text: string; icd10: { code: string; label: string } | null }>>;
  management_plan: string;
  treatment_suggestions: string | null;
  outcome: TriageOutcome;
  patient_summary: string;
  gp_discusses_first: boolean;
  signed_by: string;
  signed_at: Timestamp;
  content_hash: string;
  created_at: CreatedAt;
}

export interface CaseAnswerAddendaTable {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  answer_id: string;
  case_id: string;
  text: string;
  outcome: TriageOutcome | null;
  signed_by: string;
  signed_at: Timestamp;
  content_hash: string;
  created_at: CreatedAt;
}

export interface AnswerTemplatesTable {
  id: Generated<string>;
  owner_user_id: string;
  name: string;
  content: JsonWithDefault;
  created_at: TimestampWithDefault;
  updated_at: TimestampWithDefault;
}

export interface CaseTables {
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_messages: CaseMessagesTable;
  case_answers: CaseAnswersTable;
  case_answer_addenda: CaseAnswerAddendaTable;
  answer_templates: AnswerTemplatesTable;
}
