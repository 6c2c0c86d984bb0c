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
  /** migrations/0010_booking.sql: the booking referral the patient booked from. */
  booking_referral_id: ColumnType<string | null, string | null | undefined, string | null>;
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

// Booking (migrations/0010_booking.sql): availability, leave, referrals, reminder marks.
export interface AvailabilityRulesTable {
  id: Generated<string>;
  service_id: string;
  dermatologist_user_id: string;
  rrule: string;
  start_time: string;
  end_time: string;
  slot_minutes: number;
  time_zone: string;
  /** 'YYYY-MM-DD' (date columns are read as strings). */
  valid_from: ColumnType<string, string, string>;
  valid_until: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export interface AvailabilityExceptionsTable {
  id: Generated<string>;
  dermatologist_user_id: string;
  service_id: string | null;
  kind: 'leave' | 'exception';
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  note: string | null;
  created_at: CreatedAt;
}

export interface BookingReferralsTable {
  id: Generated<string>;
  token_hash: string;
  patient_id: string;
  service_id: string;
  dermatologist_user_id: string | null;
  referral_case_id: string | null;
  referral_letter: string | null;
  referring_user_id: string;
  referring_organisation_id: string;
  created_by_user_id: string;
  created_at: CreatedAt;
  withdrawn_at: Date | null;
}

export interface AppointmentReminderMarksTable {
  appointment_id: string;
  mark: '24h' | '1h';
  sent_at: TimestampWithDefault;
}

export interface BookingTables {
  availability_rules: AvailabilityRulesTable;
  availability_exceptions: AvailabilityExceptionsTable;
  booking_referrals: BookingReferralsTable;
  appointment_reminder_marks: AppointmentReminderMarksTable;
}
