// Records the patient's consent: who (the actor), when (the clock), how (method)
// and what it covers. A patient recording it themselves uses their account.
import type { Consent, RecordConsentBody } from '../../../contracts/patients/consent.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan, patientScope } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { consentsOf } from './consent-queries.ts';
import { consentDto } from './patient-dto.ts';
import '../cases/case-scope.ts';

export async function recordConsent(ctx: Ctx, patientId: string, input: RecordConsentBody): Promise<Consent> {
  const actor = requireActor(ctx);
  assertCan(actor, 'consent.record');
  if (actor.role === 'patient' && input.method !== 'patient_account') {
    throw new AppError('validation_failed', 'A patient records consent through their own account.', { fields: [{ path: 'method', message: 'patients.consentMethodPatient' }] });
  }
  const scope = [...new Set(input.scope)];
  return ctx.db.transaction().execute(async (trx) => {
    const patient = await trx.selectFrom('patients').select('id').where('id', '=', patientId).where(patientScope(actor)).executeTakeFirst();
    if (!patient) throw notFound('patient');
    const row = await trx
      .insertInto('consents')
      .values({ patient_id: patientId, method: input.method, scope, recorded_by: actor.userId, recorded_at: ctx.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'consent.record', resourceType: 'consent', resourceId: row.id, patientId, details: { method: input.method, scope } });
    const all = await consentsOf(trx, patientId);
    return consentDto(all.find((c) => c.id === row.id)!);
  });
}
