// Notifications about an appointment (teleconsultation), in the caller's
// transaction, through the same preferences, live stream and delivery job as
// a case's (publish.ts writeNotifications). Recipients come from the appointment:
//   appointment_booked     -> the appointment's dermatologist
//   appointment_cancelled  -> the appointment's dermatologist
//   visit_report_ready     -> the referring GP (appointments.referring_user_id,
//   visit_no_show             else the requester of the referral case)
// The actor is never notified of their own action. Details stay non-clinical.
import type { Transaction } from 'kysely';
import type { AppointmentNotificationKind } from '../../../contracts/notifications/index.ts';
import type { Ctx, Services } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { writeNotifications, type EventDetails } from './publish.ts';
import type { RecipientRole } from './recipients.ts';

export interface AppointmentEvent {
  kind: AppointmentNotificationKind;
  appointmentId: string;
  /** Who caused the event (never notified of it); defaults to the calling actor. */
  actorUserId?: string | null;
  details?: EventDetails;
}

type Audience = 'dermatologist' | 'referrer';
const AUDIENCE: Record<AppointmentNotificationKind, Audience> = {
  appointment_booked: 'dermatologist',
  appointment_cancelled: 'dermatologist',
  visit_report_ready: 'referrer',
  visit_no_show: 'referrer',
};

/** The referring GP of an appointment: the named referrer, else the requester of the referral case. */
export async function referringUserOf(trx: Transaction<DB>, appointmentId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('appointments')
    .leftJoin('cases', 'cases.id', 'appointments.referral_case_id')
    .select(['appointments.referring_user_id', 'cases.requester_id'])
    .where('appointments.id', '=', appointmentId)
    .executeTakeFirst();
  return row?.referring_user_id ?? row?.requester_id ?? null;
}

export async function publishAppointmentEvent(
  trx: Transaction<DB>,
  ctx: Pick<Ctx, 'actor' | 'clock'> & { services?: Services },
  event: AppointmentEvent,
): Promise<string[]> {
  const appointment = await trx.selectFrom('appointments').select(['id', 'dermatologist_user_id']).where('id', '=', event.appointmentId).executeTakeFirst();
  if (!appointment) return [];
  const actorId = event.actorUserId === undefined ? (ctx.actor?.userId ?? null) : event.actorUserId;
  const recipients: Array<{ userId: string; role: RecipientRole }> = [];
  if (AUDIENCE[event.kind] === 'dermatologist') recipients.push({ userId: appointment.dermatologist_user_id, role: 'dermatologist' });
  else {
    const referrer = await referringUserOf(trx, appointment.id);
    if (referrer) recipients.push({ userId: referrer, role: 'requester' });
  }
  const active = recipients.length
    ? new Set((await trx.selectFrom('users').select('id').where('id', 'in', recipients.map((r) => r.userId)).where('status', '=', 'active').execute()).map((u) => u.id))
    : new Set<string>();
  return writeNotifications(trx, ctx, {
    kind: event.kind,
    caseId: null,
    appointmentId: appointment.id,
    recipients: recipients.filter((r) => r.userId !== actorId && active.has(r.userId)),
    details: event.details,
  });
}
