// Signs a visit record once (completed or no-show): who, when, and the SHA-256
// of the canonical signed content; the appointment takes the same status.
// From then on the database refuses any change to the record
// (migrations/0014_visits.sql trigger).
import type { Transaction } from 'kysely';
import type { Icd10Code } from '../../../contracts/cases/answer.ts';
import type { VisitClosed, VisitOutcome } from '../../../contracts/visits/index.ts';
import type { Actor } from '../auth/actor.ts';
import { contentHash } from '../cases/signing.ts';
import type { DB } from '../db/schema.ts';
import type { AppointmentRecord } from '../appointments/appointment-scope.ts';

export interface SignedContent {
  notes: string;
  diagnosis: string;
  icd10: Icd10Code | null;
  plan: string;
  patientSummary: string;
}

export async function signVisit(trx: Transaction<DB>, actor: Actor, now: Date, appointment: AppointmentRecord, content: SignedContent, outcome: VisitOutcome): Promise<VisitClosed> {
  const signed = { appointmentId: appointment.id, outcome, ...content, signedBy: actor.userId, signedAt: now.toISOString() };
  const hash = contentHash(signed);
  const values = {
    notes: content.notes,
    diagnosis: content.diagnosis,
    icd10_code: content.icd10?.code ?? null,
    icd10_label: content.icd10?.label ?? null,
    plan: content.plan,
    patient_summary: content.patientSummary,
    updated_by: actor.userId,
    updated_at: now,
    outcome,
    signed_by: actor.userId,
    signed_at: now,
    content_hash: hash,
  };
  await trx
    .insertInto('visit_records')
    .values({ appointment_id: appointment.id, ...values })
    .onConflict((oc) => oc.column('appointment_id').doUpdateSet(values))
    .execute();
  await trx.updateTable('appointments').set({ status: outcome, updated_at: now }).where('id', '=', appointment.id).execute();
  const signer = await trx.selectFrom('users').select(['id', 'display_name']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  return { appointmentId: appointment.id, status: outcome, signature: { outcome, signedBy: { id: signer.id, name: signer.display_name }, signedAt: now.toISOString(), contentHash: hash } };
}
