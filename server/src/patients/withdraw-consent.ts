// Records the withdrawal of a consent (who, when, optional reason). Cases not yet
// submitted can no longer be; cases already with a dermatologist are not touched
// here (the requester withdraws them explicitly).
import type { Consent } from '../../../contracts/patients/consent.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan, patientScope } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/app-error.ts';
import { consentsOf } from './consent-queries.ts';
import { consentDto } from './patient-dto.ts';
import '../cases/case-scope.ts';

export async function withdrawConsent(ctx: Ctx, patientId: string, consentId: string, reason: string | undefined): Promise<Consent> {
  const actor = requireActor(ctx);
  assertCan(actor, 'consent.withdraw');
  return ctx.db.transaction().execute(async (trx) => {
    const patient = await trx.selectFrom('patients').select('id').where('id', '=', patientId).where(patientScope(actor)).executeTakeFirst();
    if (!patient) throw notFound('patient');
    const updated = await trx
      .updateTable('consents')
      .set({ withdrawn_at: ctx.clock.now(), withdrawn_by: actor.userId, withdrawal_reason: reason ?? null })
      .where('id', '=', consentId)
      .where('patient_id', '=', patientId)
      .where('withdrawn_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    const all = await consentsOf(trx, patientId);
    const consent = all.find((c) => c.id === consentId);
    if (!consent) throw notFound('consent');
    if (updated) await recordAudit(trx, ctx, { action: 'consent.withdraw', resourceType: 'consent', resourceId: consentId, patientId });
    return consentDto(consent);
  });
}
