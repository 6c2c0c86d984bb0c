// Booking a slot: the patient from their referral, or the GP's staff directly
// for a patient of the practice (then the booking is the referral). The slot
// must be published, not on leave, in the future and free; two bookings racing
// for it wait for each other on the dermatologist's agenda lock, and the unique
// index appointments_one_live_per_slot keeps exactly one. The loser gets
// `slot_taken` with the next free slots. Confirmation email (+ .ics) after commit.
import type { Appointment, BookBody } from '../../../contracts/appointments/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan, patientScope } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { caseScope } from '../cases/case-scope.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { appointmentDto, findAppointment } from './appointment-view.ts';
import { assertSlotBookable, insertAppointment, lockDermatologistAgenda, serviceInfo } from './booking-core.ts';
import { sendAppointmentMail } from './booking-mail.ts';
import { insertReferral } from './referrals.ts';
import { scheduleReminders } from './reminders.ts';
import './actions.ts';

export async function bookAppointment(ctx: Ctx, body: BookBody): Promise<Appointment> {
  const actor = requireActor(ctx);
  assertCan(actor, 'appointment.book');
  const startsAt = new Date(body.startsAt);
  const id = await ctx.db.transaction().execute(async (trx) => {
    let referral: {
      id: string;
      patient_id: string;
      service_id: string;
      dermatologist_user_id: string | null;
      referral_case_id: string | null;
      referral_letter: string | null;
      referring_user_id: string;
      referring_organisation_id: string;
    };
    if (body.referralId) {
      // The patient's own referral, or (GP) one of the practice's patients.
      const owner =
        actor.role === 'patient'
          ? trx.selectFrom('patients').select('patients.id').where('patients.user_id', '=', actor.userId)
          : trx.selectFrom('patients').select('patients.id').where(patientScope(actor));
      const row = await trx
        .selectFrom('booking_referrals')
        .selectAll()
        .where('id', '=', body.referralId)
        .where('patient_id', 'in', owner)
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.withdrawn_at) throw new AppError('not_found', 'Booking link not found.');
      const live = await trx.selectFrom('appointments').select('id').where('booking_referral_id', '=', row.id).where('status', '=', 'booked').executeTakeFirst();
      if (live) throw new AppError('already_booked', 'An appointment is already booked from this link. Move it instead.', { extra: { appointmentId: live.id } });
      if (row.dermatologist_user_id && row.dermatologist_user_id !== body.dermatologistId) {
        throw new AppError('slot_unavailable', 'This referral is for another dermatologist.', { fields: [{ path: 'dermatologistId', message: 'Not the dermatologist of this referral.' }] });
      }
      referral = row;
    } else {
      if (actor.role !== 'requester') throw new AppError('validation_failed', 'Book from your booking link.', { fields: [{ path: 'referralId', message: 'Required.' }] });
      const patient = await trx.selectFrom('patients').select('id').where('id', '=', body.patientId!).where(patientScope(actor)).executeTakeFirst();
      if (!patient) throw new AppError('not_found', 'Patient not found.');
      const service = await serviceInfo(trx, body.serviceId!);
      if (!service || service.networkId !== actor.networkId) {
        throw new AppError('validation_failed', 'Choose a dermatology service of your network.', { fields: [{ path: 'serviceId', message: 'Unknown service.' }] });
      }
      if (body.caseId) {
        const c = await trx.selectFrom('cases').select(['patient_id']).where('id', '=', body.caseId).where(caseScope(actor)).executeTakeFirst();
        if (!c || c.patient_id !== patient.id) throw new AppError('validation_failed', 'This case is not about this patient.', { fields: [{ path: 'caseId', message: 'Not this patient’s case.' }] });
      }
      // The GP's booking is itself the referral (the coordinated pathway); a case already linked keeps its own.
      const existing = body.caseId ? await trx.selectFrom('booking_referrals').selectAll().where('referral_case_id', '=', body.caseId).executeTakeFirst() : undefined;
      const created = existing
        ? null
        : await insertReferral(trx, {
            patientId: patient.id,
            serviceId: service.id,
            dermatologistId: null,
            caseId: body.caseId ?? null,
            letter: body.referralLetter || null,
            referringUserId: actor.userId,
            referringOrganisationId: actor.organisationId!,
            createdBy: actor.userId,
          });
      const referralRow = existing ?? (await trx.selectFrom('booking_referrals').selectAll().where('id', '=', created!.id).executeTakeFirstOrThrow());
      if (existing) {
        const live = await trx.selectFrom('appointments').select('id').where('booking_referral_id', '=', existing.id).where('status', '=', 'booked').executeTakeFirst();
        if (live) throw new AppError('already_booked', 'An appointment is already booked for this case. Move it instead.', { extra: { appointmentId: live.id } });
      }
      referral = referralRow;
    }

    await lockDermatologistAgenda(trx, body.dermatologistId);
    const slot = await assertSlotBookable(trx, ctx, {
      serviceId: referral.service_id,
      dermatologistId: body.dermatologistId,
      startsAt,
      offerFrom: { dermatologistId: referral.dermatologist_user_id },
    });
    const inserted = await insertAppointment(trx, ctx, {
      service_id: referral.service_id,
      dermatologist_user_id: body.dermatologistId,
      patient_id: referral.patient_id,
      starts_at: slot.startsAt,
      ends_at: slot.endsAt,
      time_zone: slot.timeZone,
      referral_case_id: referral.referral_case_id,
      referral_letter: referral.referral_letter,
      referring_user_id: referral.referring_user_id,
      referring_organisation_id: referral.referring_organisation_id,
      coordinated: true,
      booking_referral_id: referral.id,
      booked_by_user_id: actor.userId,
    });
    await scheduleReminders(trx, ctx, { id: inserted.id, startsAt });
    await recordAudit(trx, ctx, {
      action: 'appointment.book',
      resourceType: 'appointment',
      resourceId: inserted.id,
      patientId: referral.patient_id,
      details: { referralId: referral.id, dermatologistId: body.dermatologistId, startsAt: slot.startsAt },
    });
    // The confirmation is queued with the booking: no booking, no email; no email lost.
    await sendAppointmentMail(trx, ctx, inserted.id, 'booked');
    return inserted.id;
  });
  return ctx.db.transaction().execute(async (trx) => appointmentDto(actor, await findAppointment(trx, actor, id), ctx.clock.now()));
}
