// The pieces of a visit that several views share: the patient, the people, the
// join/leave timeline with the video rule, and the record (draft or signed).
import type { Transaction } from 'kysely';
import type { Icd10Code } from '../../../contracts/cases/answer.ts';
import type { VisitEvent, VisitRecord } from '../../../contracts/visits/index.ts';
import { ageOn } from '../cases/case-view.ts';
import type { DB } from '../db/schema.ts';
import type { AppointmentRecord } from '../appointments/appointment-scope.ts';
export { referringUserOf } from '../notifications/appointment-events.ts';

export async function patientOf(trx: Transaction<DB>, patientId: string, now: Date) {
  const p = await trx
    .selectFrom('patients')
    .select(['id', 'family_name', 'given_name', 'birth_date', 'sex', 'user_id'])
    .where('id', '=', patientId)
    .executeTakeFirstOrThrow();
  return {
    userId: p.user_id,
    dto: { name: `${p.given_name} ${p.family_name.toUpperCase()}`, birthDate: p.birth_date, age: ageOn(p.birth_date, now), sex: p.sex },
  };
}

export async function personRef(trx: Transaction<DB>, userId: string | null) {
  if (!userId) return null;
  const u = await trx.selectFrom('users').select(['id', 'display_name']).where('id', '=', userId).executeTakeFirst();
  return u ? { id: u.id, name: u.display_name } : null;
}

export interface VideoState {
  dermatologistJoined: boolean;
  patientJoined: boolean;
  held: boolean;
}

/** Who joined, was admitted and left, in order; and the billing rule (both joined). */
export async function timelineOf(trx: Transaction<DB>, appointment: AppointmentRecord, patientUserId: string | null): Promise<{ timeline: VisitEvent[]; video: VideoState }> {
  const rows = await trx
    .selectFrom('visit_events')
    .innerJoin('users', 'users.id', 'visit_events.user_id')
    .select(['visit_events.kind', 'visit_events.at', 'visit_events.user_id', 'users.display_name'])
    .where('visit_events.appointment_id', '=', appointment.id)
    .orderBy('visit_events.at')
    .orderBy('visit_events.id')
    .execute();
  const whoOf = (userId: string): VisitEvent['who'] =>
    userId === appointment.dermatologist_user_id ? 'dermatologist' : patientUserId && userId === patientUserId ? 'patient' : 'other';
  const timeline = rows.map((r) => ({ kind: r.kind, at: r.at.toISOString(), who: whoOf(r.user_id), name: r.display_name }));
  const dermatologistJoined = timeline.some((e) => e.kind === 'joined' && e.who === 'dermatologist');
  const patientJoined = timeline.some((e) => e.kind === 'joined' && e.who === 'patient');
  return { timeline, video: { dermatologistJoined, patientJoined, held: dermatologistJoined && patientJoined } };
}

export async function recordRowOf(trx: Transaction<DB>, appointmentId: string) {
  return trx.selectFrom('visit_records').selectAll().where('appointment_id', '=', appointmentId).executeTakeFirst();
}
export type VisitRecordRow = NonNullable<Awaited<ReturnType<typeof recordRowOf>>>;

export const icd10Of = (row: { icd10_code: string | null; icd10_label: string | null }): Icd10Code | null =>
  row.icd10_code ? { code: row.icd10_code, label: row.icd10_label ?? '' } : null;

export function recordDto(row: VisitRecordRow | undefined): VisitRecord {
  if (!row) return { notes: '', diagnosis: '', icd10: null, plan: '', patientSummary: '', updatedAt: null };
  return { notes: row.notes, diagnosis: row.diagnosis, icd10: icd10Of(row), plan: row.plan, patientSummary: row.patient_summary, updatedAt: row.updated_at.toISOString() };
}

export async function signatureDto(trx: Transaction<DB>, row: VisitRecordRow | undefined) {
  if (!row?.signed_at || !row.outcome || !row.signed_by || !row.content_hash) return null;
  const signedBy = (await personRef(trx, row.signed_by))!;
  return { outcome: row.outcome, signedBy, signedAt: row.signed_at.toISOString(), contentHash: row.content_hash };
}
