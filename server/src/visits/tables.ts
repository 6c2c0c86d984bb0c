// Kysely view of migrations/0014_visits.sql: the visit record (draft, then signed once).
import type { ColumnType } from 'kysely';
import type { TimestampWithDefault } from '../db/schema.ts';

export type VisitOutcome = 'completed' | 'no_show';

export interface VisitRecordsTable {
  appointment_id: string;
  notes: ColumnType<string, string | undefined, string>;
  diagnosis: ColumnType<string, string | undefined, string>;
  icd10_code: string | null;
  icd10_label: string | null;
  plan: ColumnType<string, string | undefined, string>;
  patient_summary: ColumnType<string, string | undefined, string>;
  updated_by: string | null;
  updated_at: TimestampWithDefault;
  outcome: VisitOutcome | null;
  signed_by: string | null;
  signed_at: Date | null;
  content_hash: string | null;
}

export interface VisitTables {
  visit_records: VisitRecordsTable;
}
