// A signed-in pharmacist marks an authentic prescription dispensed, once: a
// conditional UPDATE (only while not dispensed) decides between two
// pharmacists racing; the loser gets 409 already_dispensed with the date.
import type { Verification } from '../../../contracts/prescriptions/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { authenticPrescription, verificationDto } from './verify-prescription.ts';
import './actions.ts';

export async function dispensePrescription(ctx: Ctx, code: string): Promise<Verification> {
  const actor = requireActor(ctx);
  assertCan(actor, 'prescription.dispense');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await authenticPrescription(trx, code);
    const now = ctx.clock.now();
    const updated = await trx
      .updateTable('prescriptions')
      .set({ dispensed_at: now, dispensed_by_user_id: actor.userId, dispensed_by_organisation_id: actor.organisationId })
      .where('id', '=', row.id)
      .where('dispensed_at', 'is', null)
      .returning(['dispensed_at'])
      .executeTakeFirst();
    if (!updated) {
      const current = await trx.selectFrom('prescriptions').select('dispensed_at').where('id', '=', row.id).executeTakeFirstOrThrow();
      throw new AppError('already_dispensed', 'This prescription has already been dispensed: it cannot be dispensed again.', {
        extra: { dispensedAt: current.dispensed_at?.toISOString() ?? null },
      });
    }
    await recordAudit(trx, ctx, { action: 'prescription.dispense', resourceType: 'prescription', resourceId: row.id, patientId: row.patient_id });
    const pharmacy = actor.organisationId
      ? await trx.selectFrom('organisations').select('name').where('id', '=', actor.organisationId).executeTakeFirst()
      : undefined;
    return verificationDto({ ...row, dispensed_at: updated.dispensed_at, pharmacy_name: pharmacy?.name ?? null }, actor);
  });
}
