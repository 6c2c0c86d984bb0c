// The patient's own amounts: every act with a share for them to pay (due or
// paid), newest first, with who saw them and what the insurer pays.
import type { PatientPayments } from '../../../contracts/billing/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { onlinePaymentEnabled } from './stripe.ts';
import './actions.ts';

export async function listMyPayments(ctx: Ctx): Promise<PatientPayments> {
  const actor = requireActor(ctx);
  assertCan(actor, 'billing.my_payments');
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('billing_lines as bl')
      .innerJoin('patients as p', 'p.id', 'bl.patient_id')
      .innerJoin('users as u', 'u.id', 'bl.clinician_user_id')
      .select(['bl.id', 'bl.patient_id', 'bl.appointment_id', 'bl.act_date', 'bl.currency', 'bl.amount_cents', 'bl.insurer_amount_cents', 'bl.patient_amount_cents', 'bl.payment_status', 'bl.paid_at', 'u.display_name'])
      .where('p.user_id', '=', actor.userId)
      .where('bl.patient_amount_cents', '>', 0)
      .orderBy('bl.act_date', 'desc')
      .orderBy('bl.acted_at', 'desc')
      .execute();
    for (const patientId of new Set(rows.map((r) => r.patient_id))) {
      await recordAudit(trx, ctx, { action: 'billing.my_payments_read', resourceType: 'billing_line', patientId, details: { count: rows.filter((r) => r.patient_id === patientId).length } });
    }
    return {
      paymentMode: onlinePaymentEnabled(ctx.services) ? 'online' : 'practice',
      payments: rows.map((r) => ({
        id: r.id,
        kind: r.appointment_id ? 'visit' : 'case',
        actDate: r.act_date,
        clinicianName: r.display_name,
        currency: r.currency,
        amountCents: r.amount_cents,
        insurerAmountCents: r.insurer_amount_cents,
        patientAmountCents: r.patient_amount_cents,
        paymentStatus: r.payment_status,
        paidAt: r.paid_at ? r.paid_at.toISOString() : null,
      })),
    };
  });
}
