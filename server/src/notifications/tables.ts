// Kysely view of migrations/0006_notifications.sql.
import type { ColumnType, Generated } from 'kysely';
import type { NotificationKind } from '../../../contracts/notifications/index.ts';
import type { CreatedAt, JsonWithDefault, TimestampWithDefault } from '../db/schema.ts';

export type EmailStatus = 'none' | 'pending' | 'digest' | 'sent' | 'failed';
export type PushStatus = 'none' | 'pending' | 'sent' | 'failed';

export interface NotificationsTable {
  id: Generated<string>;
  seq: Generated<number>;
  user_id: string;
  kind: NotificationKind;
  case_id: string | null;
  /** migrations/0014_visits.sql: notifications about an appointment. */
  appointment_id: ColumnType<string | null, string | null | undefined, string | null>;
  details: JsonWithDefault<Record<string, string | number | boolean | null>>;
  created_at: TimestampWithDefault;
  read_at: Date | null;
  email_status: ColumnType<EmailStatus, EmailStatus | undefined, EmailStatus>;
  emailed_at: Date | null;
  push_status: ColumnType<PushStatus, PushStatus | undefined, PushStatus>;
}

export interface NotificationPreferencesTable {
  user_id: string;
  settings: JsonWithDefault;
  updated_at: TimestampWithDefault;
}

export interface PushSubscriptionsTable {
  id: Generated<string>;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: CreatedAt;
}

export interface PushVapidKeysTable {
  id: Generated<number>;
  public_key: string;
  private_key: string;
  created_at: CreatedAt;
}

export type ClockMarkKind = 'deadline_50' | 'deadline_90' | 'overdue' | 'question_waiting' | 'answer_unacknowledged';
export interface CaseClockMarksTable {
  case_id: string;
  kind: ClockMarkKind;
  episode: Generated<string>;
  created_at: TimestampWithDefault;
}

export interface NotificationTables {
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  push_subscriptions: PushSubscriptionsTable;
  push_vapid_keys: PushVapidKeysTable;
  case_clock_marks: CaseClockMarksTable;
}
