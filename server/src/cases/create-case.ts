// Starts a draft request for a patient of the requester's organisation.
import type { CreateCaseBody } from '../../../contracts/cases/case.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan, patientScope } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { resolveRouting } from './routing.ts';
import './case-scope.ts';

export async function createCase(ctx: Ctx, input: CreateCaseBody) {
  const actor = requireActor(ctx);
  assertCan(actor, 'case.create');
  if (!actor.organisationId || !actor.networkId) throw new AppError('forbidden', 'Choose an organisation first.');
  const { organisationId, networkId } = actor;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const patient = await trx.selectFrom('patients').select('id').where('id', '=', input.patientId).where(patientScope(actor)).executeTakeFirst();
    if (!patient) {
      throw new AppError('validation_failed', 'This patient does not exist or is not shared with you.', {
        fields: [{ path: 'patientId', message: 'cases.unknownPatient' }],
      });
    }
    const routing = input.routing ? await resolveRouting(trx, networkId, input.routing) : null;
    const request = input.request ?? {};
    const row = await trx
      .insertInto('cases')
      .values({
        patient_id: patient.id,
        requester_id: actor.userId,
        requester_org_id: organisationId,
        network_id: networkId,
        service_id: routing?.serviceId ?? null,
        target_dermatologist_id: routing?.targetDermatologistId ?? null,
        request: JSON.stringify(request),
        reason: request.reason ?? null,
        body_site: request.bodySite?.site ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'state', 'updated_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'case.create', resourceType: 'case', resourceId: row.id, patientId: patient.id });
    return { id: row.id, state: row.state, updatedAt: row.updated_at.toISOString() };
  });
}
