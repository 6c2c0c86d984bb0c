// Notifications: what the bell lists, the live stream's messages, the
// per-user preferences and web push subscription. Notifications never carry a
// patient's name or clinical content: a kind, a case id (opaque) and a time.
import { z } from 'zod';

export const NOTIFICATION_KINDS = [
  'case_submitted',
  'case_claimed',
  'case_reassigned',
  'question_asked',
  'question_answered',
  'answer_signed',
  'answer_acknowledged',
  'case_withdrawn',
  'deadline_reminder',
  'deadline_missed',
  'photo_refused',
  // Teleconsultation (server/src/notifications/appointment-events.ts): about an appointment, not a case.
  'appointment_booked',
  'appointment_cancelled',
  'visit_report_ready',
  'visit_no_show',
] as const;
/** Kinds about an appointment: the notification carries an appointmentId instead of a caseId. */
export const APPOINTMENT_NOTIFICATION_KINDS = ['appointment_booked', 'appointment_cancelled', 'visit_report_ready', 'visit_no_show'] as const;
export type AppointmentNotificationKind = (typeof APPOINTMENT_NOTIFICATION_KINDS)[number];
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

export const NotificationSchema = z
  .object({
    id: z.uuid(),
    kind: NotificationKindSchema,
    caseId: z.uuid().nullable(),
    /** For appointment kinds: the appointment (opaque id). */
    appointmentId: z.uuid().nullable(),
    /** Where the notification leads in the web app (/cases/:id, /queue/:id, /appointments/:id/...). */
    link: z.string().nullable(),
    /** Non-clinical facts, e.g. { percent: 90 } for a deadline reminder. */
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    createdAt: z.iso.datetime({ offset: true }),
    readAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListQuerySchema = z.object({
  unreadOnly: z.enum(['true', 'false']).optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const NotificationListSchema = z
  .object({ items: z.array(NotificationSchema), unread: z.number().int(), nextBefore: z.string().nullable() })
  .meta({ id: 'NotificationList' });
export type NotificationList = z.infer<typeof NotificationListSchema>;

export const UnreadCountSchema = z.object({ unread: z.number().int() }).meta({ id: 'UnreadCount' });

export const NotificationIdParamsSchema = z.object({ id: z.uuid() });

export const ChannelChoiceSchema = z.object({ inApp: z.boolean(), email: z.boolean(), push: z.boolean() });
export type ChannelChoice = z.infer<typeof ChannelChoiceSchema>;

export const NotificationPreferencesSchema = z
  .object({
    events: z.record(NotificationKindSchema, ChannelChoiceSchema),
    /** One email a day listing what waits, instead of one email per event. */
    emailDigest: z.boolean(),
  })
  .meta({ id: 'NotificationPreferences' });
export type NotificationPreferences = z.infer<typeof NotificationPreferencesSchema>;

export const UpdateNotificationPreferencesSchema = z
  .object({
    events: z.partialRecord(NotificationKindSchema, ChannelChoiceSchema).optional(),
    emailDigest: z.boolean().optional(),
  })
  .strict();

export const PushPublicKeySchema = z.object({ publicKey: z.string() }).meta({ id: 'PushPublicKey' });

export const PushSubscriptionBodySchema = z.object({
  endpoint: z.url().max(2000),
  keys: z.object({ p256dh: z.string().min(1).max(200), auth: z.string().min(1).max(100) }),
});
export type PushSubscriptionBody = z.infer<typeof PushSubscriptionBodySchema>;
export const PushUnsubscribeBodySchema = z.object({ endpoint: z.url().max(2000) });
export const PushStatusSchema = z.object({ subscribed: z.boolean(), subscriptions: z.number().int() }).meta({ id: 'PushStatus' });

/** A message of the live stream (Server-Sent Events `data:`). */
export const LiveMessageSchema = z.object({ type: z.literal('notification'), id: z.uuid(), kind: NotificationKindSchema, unread: z.number().int() });
export type LiveMessage = z.infer<typeof LiveMessageSchema>;

/** Default channels per kind: in-app always; email for what needs action; push off until the person opts in. */
export function defaultChannels(kind: NotificationKind): ChannelChoice {
  // A new booking shows in the dermatologist's schedule and bell: no email by default.
  const email = kind !== 'case_claimed' && kind !== 'answer_acknowledged' && kind !== 'case_reassigned' && kind !== 'appointment_booked';
  return { inApp: true, email, push: true };
}

export function defaultPreferences(): NotificationPreferences {
  return {
    events: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, defaultChannels(k)])) as NotificationPreferences['events'],
    emailDigest: false,
  };
}

// --- Deadline clocks: the coordinator's reassignment of a case (e.g. overdue) ---
export const CoordinatorReassignParamsSchema = z.object({ caseId: z.uuid() });
export const CoordinatorReassignBodySchema = z.object({ dermatologistId: z.uuid() }).meta({ id: 'CoordinatorReassignBody' });
export const CoordinatorReassignResultSchema = z
  .object({ id: z.uuid(), state: z.string(), assignedDermatologistId: z.uuid(), overdue: z.boolean() })
  .meta({ id: 'CoordinatorReassignResult' });
export type CoordinatorReassignResult = z.infer<typeof CoordinatorReassignResultSchema>;

export const OverdueCaseSchema = z.object({
  id: z.uuid(),
  state: z.string(),
  serviceId: z.uuid().nullable(),
  assignedDermatologistId: z.uuid().nullable(),
  deadlineAt: z.iso.datetime({ offset: true }).nullable(),
  overdueSince: z.iso.datetime({ offset: true }),
});
export const OverdueCaseListSchema = z.object({ items: z.array(OverdueCaseSchema) }).meta({ id: 'OverdueCaseList' });
