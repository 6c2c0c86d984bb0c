// Cancelling and moving an appointment. The patient and the GP's staff may do
// either until the service's notice (teleconsultationNoticeHours, default 24 h)
// before the start; the dermatologist may always. The freed slot reopens at
// once (the unique index only counts live appointments). Moving is one
// transaction: the old appointment is cancelled and a new one, pointing back
// to it (rescheduled_from_id), takes the new slot with the same referral.
// The cancellation itself (cancelBookedAppointment) runs in the caller's
// transaction: the single cancellation below and the cancellation of every
// visit booked inside a leave (cancel-leave-visits.ts) share it, so each
// patient is told exactly alike.
import type { Transaction } from 'kysely';
import type { Appointment, RescheduleBody } from '../../../contracts/appointments/index.ts';
import { requireActor, type Actor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { publishAppointmentEvent } from '../notifications/appointment-events.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { appointmentDto, changeRights, findAppointment, type AppointmentRow } from './appointment-view.ts';
import { assertSlotBookable, insertAppointment, lockDermatologistAgenda } from './booking-core.ts';
import { sendAppointmentMail } from './booking-mail.ts';
import { scheduleReminders } from './reminders.ts';
import './actions.ts';

function refuseUnlessChangeable(rights: ReturnType<typeof changeRights>, status: string, which: 'cancel' | 'reschedule') {
  if (status !== 'booked') throw new AppError('invalid_transition', 'This appointment is no longer booked.', { extra: { appointmentStatus: status } });
  const allowed = which === 'cancel' ? rights.canCancel : rights.canReschedule;
  if (!allowed) {
    throw new AppError('notice_too_short', `Appointments can be changed up to ${rights.noticeHours} hours before. Contact the practice.`, {
      extra: { noticeHours: rights.noticeHours, changeableUntil: rights.changeableUntil },
    });
  }
}

/**
 * Cancels one appointment in the caller's transaction, `row` read FOR UPDATE within the actor's
 * scope (findAppointment): refused unless the actor may cancel it now (booked; within the notice
 * for a patient or GP), then the state change, the notification, the audit event (its details
 * extended by `auditDetails`) and the patient's email with its .ics (a mail job in the same
 * transaction). Nothing is billed for a cancelled visit. Returns whether the patient was emailed.
 */
export async function cancelBookedAppointment(
  trx: Transaction<DB>,
  ctx: Ctx,
  actor: Actor,
  row: AppointmentRow,
  auditDetails: Record<string, unknown> = {},
): Promise<{ emailed: boolean }> {
  const now = ctx.clock.now();
  refuseUnlessChangeable(changeRights(actor, row, now), row.status, 'cancel');
  await trx
    .updateTable('appointments')
    .set({ status: 'cancelled', cancelled_at: now, cancelled_by_user_id: actor.userId, updated_at: now })
    .where('id', '=', row.id)
    .execute();
  await publishAppointmentEvent(trx, ctx, { kind: 'appointment_cancelled', appointmentId: row.id });
  await recordAudit(trx, ctx, {
    action: 'appointment.cancel',
    resourceType: 'appointment',
    resourceId: row.id,
    patientId: row.patient_id,
    details: { startsAt: row.starts_at.toISOString(), ...auditDetails },
  });
  return { emailed: await sendAppointmentMail(trx, ctx, row.id, 'cancelled') };
}

export async function cancelAppointment(ctx: Ctx, appointmentId: string): Promise<Appointment> {
  const actor = requireActor(ctx);
  assertCan(actor, 'appointment.cancel');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await findAppointment(trx, actor, appointmentId, { forUpdate: true });
    await cancelBookedAppointment(trx, ctx, actor, row);
  });
  return ctx.db.transaction().execute(async (trx) => appointmentDto(actor, await findAppointment(trx, actor, appointmentId), ctx.clock.now()));
}

export async function rescheduleAppointment(ctx: Ctx, appointmentId: string, body: RescheduleBody): Promise<Appointment> {
  const actor = requireActor(ctx);
  assertCan(actor, 'appointment.reschedule');
  const now = ctx.clock.now();
  const startsAt = new Date(body.startsAt);
  const newId = await ctx.db.transaction().execute(async (trx) => {
    const row = await findAppointment(trx, actor, appointmentId, { forUpdate: true });
    refuseUnlessChangeable(changeRights(actor, row, now), row.status, 'reschedule');
    const referral = row.booking_referral_id
      ? await trx.selectFrom('booking_referrals').select('dermatologist_user_id').where('id', '=', row.booking_referral_id).executeTakeFirst()
      : undefined;
    if (referral?.dermatologist_user_id && referral.dermatologist_user_id !== body.dermatologistId) {
      throw new AppError('slot_unavailable', 'This referral is for another dermatologist.', { fields: [{ path: 'dermatologistId', message: 'Not the dermatologist of this referral.' }] });
    }
    await lockDermatologistAgenda(trx, body.dermatologistId);
    const slot = await assertSlotBookable(trx, ctx, {
      serviceId: row.service_id,
      dermatologistId: body.dermatologistId,
      startsAt,
      ignoreAppointmentId: row.id,
      offerFrom: { dermatologistId: referral?.dermatologist_user_id ?? null },
    });
    // Cancel first: moving within the same slot span of the same dermatologist must not collide with itself.
    await trx.updateTable('appointments').set({ status: 'cancelled', cancelled_at: now, cancelled_by_user_id: actor.userId, updated_at: now }).where('id', '=', row.id).execute();
    const inserted = await insertAppointment(trx, ctx, {
      service_id: row.service_id,
      dermatologist_user_id: body.dermatologistId,
      patient_id: row.patient_id,
      starts_at: slot.startsAt,
      ends_at: slot.endsAt,
      time_zone: slot.timeZone,
      referral_case_id: row.referral_case_id,
      referral_letter: row.referral_letter,
      referring_user_id: row.referring_user_id,
      referring_organisation_id: row.referring_organisation_id,
      coordinated: row.coordinated,
      booking_referral_id: row.booking_referral_id,
      booked_by_user_id: actor.userId,
      rescheduled_from_id: row.id,
      // The patient's answers and photos belong to the visit, not to the slot.
      questionnaire: row.questionnaire === null ? null : JSON.stringify(row.questionnaire),
      questionnaire_submitted_at: row.questionnaire_submitted_at,
    });
    await trx.updateTable('photos').set({ appointment_id: inserted.id }).where('appointment_id', '=', row.id).execute();
    await scheduleReminders(trx, ctx, { id: inserted.id, startsAt });
    await recordAudit(trx, ctx, {
      action: 'appointment.reschedule',
      resourceType: 'appointment',
      resourceId: inserted.id,
      patientId: row.patient_id,
      details: { fromAppointmentId: row.id, from: row.starts_at.toISOString(), to: slot.startsAt },
    });
    await sendAppointmentMail(trx, ctx, inserted.id, 'moved');
    return inserted.id;
  });
  return ctx.db.transaction().execute(async (trx) => appointmentDto(actor, await findAppointment(trx, actor, newId), ctx.clock.now()));
}
