// What the appointment page shows before (and during) the visit: when and
// who, the referral (the tele-expertise case when the caller may open it, or
// the GP's letter), the coordinated pathway, the questionnaire and what the
// caller may still do. Audited as a read of the patient's record.
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { appointmentScope } from '../appointments/appointment-scope.ts';
import { caseScope } from '../cases/case-scope.ts';
import { ageOn } from '../cases/case-view.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/app-error.ts';
import { appointmentPhotoAddScope } from '../photos/photo-scope.ts';
import type { AppointmentPreparation } from '../../../contracts/appointments/questionnaire.ts';
import { mayEditQuestionnaire } from './questionnaire-rules.ts';
import { readQuestionnaire } from './questionnaire-state.ts';
import './actions.ts';

export async function getPreparation(ctx: Ctx, appointmentId: string): Promise<AppointmentPreparation> {
  const actor = requireActor(ctx);
  assertCan(actor, 'appointment.preparation.read');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('appointments')
      .innerJoin('users as derm', 'derm.id', 'appointments.dermatologist_user_id')
      .innerJoin('organisations as service', 'service.id', 'appointments.service_id')
      .innerJoin('patients', 'patients.id', 'appointments.patient_id')
      .leftJoin('users as referrer', 'referrer.id', 'appointments.referring_user_id')
      .leftJoin('organisations as referring_org', 'referring_org.id', 'appointments.referring_organisation_id')
      .select([
        'appointments.id', 'appointments.status', 'appointments.starts_at', 'appointments.ends_at', 'appointments.time_zone',
        'appointments.coordinated', 'appointments.referral_case_id', 'appointments.referral_letter', 'appointments.questionnaire',
        'appointments.questionnaire_submitted_at',
        'derm.id as derm_id', 'derm.display_name as derm_name', 'service.id as service_id', 'service.name as service_name',
        'patients.id as patient_id', 'patients.family_name', 'patients.given_name', 'patients.birth_date', 'patients.sex',
        'referrer.id as referrer_id', 'referrer.display_name as referrer_name', 'referring_org.id as referring_org_id', 'referring_org.name as referring_org_name',
      ])
      .where('appointments.id', '=', appointmentId)
      .where(appointmentScope(actor))
      .executeTakeFirst();
    if (!row) throw notFound('appointment');

    // The referral case is linked only for someone who may open it.
    const referralCase = row.referral_case_id
      ? await trx.selectFrom('cases').select('cases.id').where('cases.id', '=', row.referral_case_id).where(caseScope(actor)).executeTakeFirst()
      : undefined;
    const canAddPhotos = Boolean(
      await trx.selectFrom('appointments').select('appointments.id').where('appointments.id', '=', appointmentId).where(appointmentPhotoAddScope(actor, now)).executeTakeFirst(),
    );
    const hasReferral = Boolean(row.referral_case_id || row.referral_letter || row.referrer_id);

    await recordAudit(trx, ctx, {
      action: 'appointment.preparation_view',
      resourceType: 'appointment',
      resourceId: row.id,
      patientId: row.patient_id,
    });

    return {
      id: row.id,
      status: row.status,
      startsAt: row.starts_at.toISOString(),
      endsAt: row.ends_at.toISOString(),
      timeZone: row.time_zone,
      dermatologist: { id: row.derm_id, name: row.derm_name },
      service: { id: row.service_id, name: row.service_name },
      patient: {
        id: row.patient_id,
        familyName: row.family_name,
        givenName: row.given_name,
        birthDate: row.birth_date,
        age: ageOn(row.birth_date, now),
        sex: row.sex,
      },
      coordinated: row.coordinated,
      referral: hasReferral
        ? {
            followsCase: row.referral_case_id !== null,
            caseId: referralCase?.id ?? null,
            letter: row.referral_letter,
            referrer: row.referrer_id ? { id: row.referrer_id, name: row.referrer_name! } : null,
            organisation: row.referring_org_id ? { id: row.referring_org_id, name: row.referring_org_name! } : null,
          }
        : null,
      questionnaire: readQuestionnaire(row.questionnaire, row.questionnaire_submitted_at),
      canEditQuestionnaire: mayEditQuestionnaire(actor, row, now),
      canAddPhotos,
    };
  });
}
