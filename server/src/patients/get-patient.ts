// One patient the actor may see, with their consent status (404 otherwise).
import type { Patient } from '../../../contracts/patients/patient.ts';
import type { Consent } from '../../../contracts/patients/consent.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan, patientScope } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/app-error.ts';
import { consentsOf } from './consent-queries.ts';
import { consentDto, patientDto } from './patient-dto.ts';
import '../cases/case-scope.ts';

export async function getPatient(ctx: Ctx, patientId: string): Promise<Patient> {
  const actor = requireActor(ctx);
  assertCan(actor, 'patient.read');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('patients')
      .select(['id', 'organisation_id', 'family_name', 'given_name', 'birth_date', 'sex', 'email', 'phone', 'national_id', 'national_id_kind', 'user_id', 'created_at'])
      .where('id', '=', patientId)
      .where(patientScope(actor))
      .executeTakeFirst();
    if (!row) throw notFound('patient');
    const consents = await consentsOf(trx, patientId);
    await recordAudit(trx, ctx, { action: 'patient.read', resourceType: 'patient', resourceId: patientId, patientId });
    return patientDto(row, consents, ctx.clock.now());
  });
}

export async function listConsents(ctx: Ctx, patientId: string): Promise<{ items: Consent[] }> {
  const actor = requireActor(ctx);
  assertCan(actor, 'consent.read');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('patients').select('id').where('id', '=', patientId).where(patientScope(actor)).executeTakeFirst();
    if (!row) throw notFound('patient');
    const consents = await consentsOf(trx, patientId);
    await recordAudit(trx, ctx, { action: 'consent.read', resourceType: 'patient', resourceId: patientId, patientId });
    return { items: consents.map(consentDto) };
  });
}
