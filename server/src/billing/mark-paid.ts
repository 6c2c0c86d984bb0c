// The clinician records that the patient paid their share at the practice
// (always possible, the only way when online payment is not configured). Only
// the clinician who billed the line may; once.
import type { BillingLine } from '../../../contracts/billing/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { billingLineDto, billingLinesQuery } from './line-dto.ts';
import './actions.ts';

export async function markPaidAtPractice(ctx: Ctx, billingLineId: string): Promise<BillingLine> {
  const actor = requireActor(ctx);
  assertCan(actor, 'billing.mark_paid');
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const line = await trx
      .selectFrom('billing_lines')
      .select(['id', 'patient_id', 'payment_status'])
      .where('id', '=', billingLineId)
      .where('clinician_user_id', '=', actor.userId)
      .forUpdate()
      .executeTakeFirst();
    if (!line) throw notFound('billing line');
    if (line.payment_status !== 'due') throw new AppError('billing_line_not_due', 'Nothing is due on this line.', { extra: { paymentStatus: line.payment_status } });
    await trx.updateTable('billing_lines').set({ payment_status: 'paid', paid_at: now, paid_via: 'practice', paid_marked_by: actor.userId }).where('id', '=', line.id).execute();
    await recordAudit(trx, ctx, { action: 'billing.mark_paid', resourceType: 'billing_line', resourceId: line.id, patientId: line.patient_id, details: { via: 'practice' } });
    return billingLineDto(await billingLinesQuery(trx).where('bl.id', '=', line.id).executeTakeFirstOrThrow());
  });
}
