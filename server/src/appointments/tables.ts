// Kysely types of the teleconsultation core (migrations/0009_teleconsultation_core.sql):
// the appointment and the video visit's join/leave timeline.
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, JsonWithDefault, TimestampWithDefault } from '../db/schema.ts';

export type AppointmentStatus = 'booked' | 'cancelled' | 'completed' | 'no_show';

export interface AppointmentsTable {
  id: Generated<string>;
  service_id: string;
  dermatologist_user_id: string;
  patient_id: string;
  starts_at: ColumnType<Date, Date | string, Date | string>;
  ends_at: ColumnType<Date, Date | string, Date | string>;
  time_zone: string;
  status: ColumnType<AppointmentStatus, AppointmentStatus | undefined, AppointmentStatus>;
  referral_case_id: string | null;
  referral_letter: string | null;
  referring_user_id: string | null;
  referring_organisation_id: string | null;
  coordinated: ColumnType<boolean, boolean | undefined, boolean>;
  booked_by_user_id: string;
  questionnaire: JsonWithDefault | null;
  questionnaire_submitted_at: Date | null;
  cancelled_at: Date | null;
  cancelled_by_user_id: string | null;
  rescheduled_from_id: string | null;
  created_at: CreatedAt;
  updated_at: TimestampWithDefault;
}

export interface VisitEventsTable {
  id: Generated<string>;
  appointment_id: string;
  user_id: string;
  kind: 'joined' | 'admitted' | 'left';
  at: TimestampWithDefault;
}

export interface AppointmentCoreTables {
  appointments: AppointmentsTable;
  visit_events: VisitEventsTable;
}
