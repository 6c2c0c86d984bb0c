// Appointments as the API returns them: the row with its people and service,
// what the caller may still do (cancel/move within the notice), and the
// referral. Patients get no clinical text (no referral letter) and no name of
// their own; clinicians see who the patient is.
import type { Kysely, Transaction } from 'kysely';
import { VIDEO_OPENS_MINUTES_BEFORE, type Appointment, type AppointmentSummary } from '../../../contracts/appointments/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { appointmentScope } from './appointment-scope.ts';
import { noticeHoursFrom } from './booking-core.ts';

type Db = Kysely<DB> | Transaction<DB>;

export function appointmentQuery(db: Db) {
  return db
    .selectFrom('appointments')
    .innerJoin('patients as p', 'p.id', 'appointments.patient_id')
    .innerJoin('users as d', 'd.id', 'appointments.dermatologist_user_id')
    .innerJoin('organisations as s', 's.id', 'appointments.service_id')
    .leftJoin('users as r', 'r.id', 'appointments.referring_user_id')
    .leftJoin('organisations as ro', 'ro.id', 'appointments.referring_organisation_id')
    .selectAll('appointments')
    .select([
      'p.given_name',
      'p.family_name',
      'p.birth_date',
      'd.display_name as dermatologist_name',
      's.name as service_name',
      's.settings as service_settings',
      'r.display_name as referring_name',
      'ro.name as referring_organisation_name',
    ]);
}

export type AppointmentRow = Awaited<ReturnType<ReturnType<typeof appointmentQuery>['executeTakeFirstOrThrow']>>;

/** The appointment if the actor may see it, else not found (404). */
export async function findAppointment(db: Db, actor: Actor, appointmentId: string, opts: { forUpdate?: boolean } = {}): Promise<AppointmentRow> {
  let q = appointmentQuery(db).where('appointments.id', '=', appointmentId).where(appointmentScope(actor));
  if (opts.forUpdate) q = q.forUpdate('appointments');
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('not_found', 'Appointment not found.');
  return row;
}

const clinician = (actor: Actor) => actor.role !== 'patient';

/** May this actor cancel or move it now, and until when. The dermatologist may always (before the end). */
export function changeRights(actor: Actor, row: Pick<AppointmentRow, 'status' | 'starts_at' | 'ends_at' | 'service_settings'>, now: Date) {
  const noticeHours = noticeHoursFrom(row.service_settings);
  const live = row.status === 'booked';
  if (actor.role === 'dermatologist') {
    const open = live && row.ends_at > now;
    return { noticeHours, changeableUntil: null, canCancel: open, canReschedule: open && row.starts_at > now };
  }
  if (actor.role !== 'patient' && actor.role !== 'requester') return { noticeHours, changeableUntil: null, canCancel: false, canReschedule: false };
  const until = new Date(row.starts_at.getTime() - noticeHours * 3_600_000);
  const open = live && now < until;
  return { noticeHours, changeableUntil: until.toISOString(), canCancel: open, canReschedule: open };
}

export function appointmentDto(actor: Actor, row: AppointmentRow, now: Date): Appointment {
  const rights = changeRights(actor, row, now);
  const hasReferral = row.coordinated || row.referral_case_id !== null || row.referral_letter !== null || row.booking_referral_id !== null;
  return {
    id: row.id,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    timeZone: row.time_zone,
    status: row.status,
    patient: clinician(actor) ? { id: row.patient_id, displayName: `${row.given_name} ${row.family_name}`, birthDate: row.birth_date } : null,
    patientId: row.patient_id,
    dermatologist: { id: row.dermatologist_user_id, name: row.dermatologist_name },
    service: { id: row.service_id, name: row.service_name },
    referral: hasReferral
      ? {
          id: row.booking_referral_id,
          caseId: row.referral_case_id,
          letter: clinician(actor) ? row.referral_letter : null,
          referringName: row.referring_name,
          referringOrganisationName: row.referring_organisation_name,
        }
      : null,
    coordinated: row.coordinated,
    rescheduledFromId: row.rescheduled_from_id,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    questionnaireSubmittedAt: row.questionnaire_submitted_at?.toISOString() ?? null,
    ...rights,
    videoOpensAt: new Date(row.starts_at.getTime() - VIDEO_OPENS_MINUTES_BEFORE * 60_000).toISOString(),
  };
}

export function appointmentSummaryDto(actor: Actor, row: AppointmentRow): AppointmentSummary {
  return {
    id: row.id,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    timeZone: row.time_zone,
    status: row.status,
    patient: clinician(actor) ? { id: row.patient_id, displayName: `${row.given_name} ${row.family_name}` } : null,
    dermatologist: { id: row.dermatologist_user_id, name: row.dermatologist_name },
    service: { id: row.service_id, name: row.service_name },
    coordinated: row.coordinated,
    questionnaireSubmittedAt: row.questionnaire_submitted_at?.toISOString() ?? null,
  };
}
