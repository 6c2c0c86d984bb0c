// The requester releases a held answer to the patient (after talking to them):
// from then on the patient sees the specialist's summary. Only the requester of
// the case; audited; the patient gets a content-free email.
import type { PatientRelease } from '../../../contracts/patient/index.ts';
import type { Actor } from '../auth/actor.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { caseScope } from '../cases/case-scope.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import type { Kysely, Transaction } from 'kysely';
import { answersForPatient } from './hold.ts';
import { notifyPatient } from './notify-patient.ts';
import './actions.ts';

async function requesterCase(trx: Kysely<DB> | Transaction<DB>, actor: Actor, caseId: string) {
  return trx
    .selectFrom('cases')
    .select(['id', 'patient_id', 'state'])
    .where('id', '=', caseId)
    .where(caseScope(actor))
    .where('requester_id', '=', actor.userId)
    .executeTakeFirst();
}

/** GET /api/cases/:id/patient-release: is the answer held from the patient? */
export async function patientReleaseStatus(ctx: Ctx, caseId: string): Promise<PatientRelease> {
  const actor = requireActor(ctx);
  assertCan(actor, 'case.release_to_patient');
  const c = await requesterCase(ctx.db, actor, caseId);
  if (!c) throw notFound('case');
  const answer = (await answersForPatient(ctx.db, [caseId])).get(caseId);
  return { held: answer?.held ?? false, releasedAt: answer?.releasedAt?.toISOString() ?? null };
}

export async function releaseToPatient(ctx: Ctx, caseId: string): Promise<PatientRelease> {
  const actor = requireActor(ctx);
  assertCan(actor, 'case.release_to_patient');
  return ctx.db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('cases')
      .select(['id', 'patient_id', 'state'])
      .where('id', '=', caseId)
      .where(caseScope(actor))
      .where('requester_id', '=', actor.userId)
      .forUpdate()
      .executeTakeFirst();
    if (!c) throw notFound('case');
    const answer = (await answersForPatient(trx, [caseId])).get(caseId);
    if (!answer) throw new AppError('answer_not_held', 'The case has no signed answer yet.');
    if (answer.releasedAt) return { held: false, releasedAt: answer.releasedAt.toISOString() };
    if (!answer.held) throw new AppError('answer_not_held', 'The patient already sees this answer.');
    const now = ctx.clock.now();
    await trx.insertInto('case_patient_releases').values({ case_id: caseId, released_by: actor.userId, released_at: now }).execute();
    await recordAudit(trx, ctx, { action: 'case.release_to_patient', resourceType: 'case', resourceId: caseId, patientId: c.patient_id });
    await notifyPatient(trx, ctx, caseId, 'released');
    return { held: false, releasedAt: now.toISOString() };
  });
}
