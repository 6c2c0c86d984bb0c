// Kysely view of migrations/0015_billing.sql: the fee schedule, billing lines
// and the Stripe events already handled.
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt } from '../db/schema.ts';

export type Country = 'FR' | 'GB';
export type BilledBy = 'expert' | 'requester' | 'teleconsultant';
export type Currency = 'EUR' | 'GBP';
export type BillingExplanation = 'cap_reached' | 'no_video';
export type PaymentStatus = 'not_due' | 'due' | 'paid';

export interface FeeScheduleEntriesTable {
  id: Generated<string>;
  country: Country;
  act_code: string;
  label_fr: string;
  label_en: string;
  billed_by: BilledBy;
  amount_cents: number;
  currency: Currency;
  insurer_share_coordinated: number;
  insurer_share_uncoordinated: number;
  yearly_cap_per_patient: number | null;
  /** Calendar days (YYYY-MM-DD), both included. */
  valid_from: string;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
  previous_id: ColumnType<string | null, string | null | undefined, never>;
  created_by: ColumnType<string | null, string | null | undefined, never>;
  created_at: CreatedAt;
}

export interface BillingLinesTable {
  id: Generated<string>;
  network_id: string;
  appointment_id: string | null;
  case_id: string | null;
  fee_entry_id: string;
  act_code: string;
  billed_by: BilledBy;
  clinician_user_id: string;
  organisation_id: string;
  patient_id: string;
  act_date: string;
  acted_at: ColumnType<Date, Date | string, never>;
  coordinated: boolean;
  currency: Currency;
  amount_cents: number;
  insurer_share_percent: number;
  insurer_amount_cents: number;
  patient_amount_cents: number;
  explanation: BillingExplanation | null;
  yearly_rank: number | null;
  payment_status: PaymentStatus;
  paid_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  paid_via: 'online' | 'practice' | null;
  paid_marked_by: string | null;
  stripe_checkout_session_id: string | null;
  created_at: CreatedAt;
}

export interface StripeEventsTable {
  event_id: string;
  type: string;
  billing_line_id: string | null;
  received_at: CreatedAt;
}

export interface BillingTables {
  fee_schedule_entries: FeeScheduleEntriesTable;
  billing_lines: BillingLinesTable;
  stripe_events: StripeEventsTable;
}
