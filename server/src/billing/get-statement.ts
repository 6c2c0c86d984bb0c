// A clinician's monthly statement: the billing lines of acts dated in the month
// (the network's calendar day), totals per currency (amount, insurer, patient,
// patient shares still due). A clinician sees their own; a coordinator sees any
// clinician of their network (lines billed in that network only). Another
// clinician, or one outside the network, is "not found". The statement lists
// patients: each one on it gets an audit event.
import type { Statement, StatementQuery, Totals } from '../../../contracts/billing/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { billingLineDto, billingLinesQuery } from './line-dto.ts';
import { onlinePaymentEnabled } from './stripe.ts';
import './actions.ts';

const NONE = '00000000-0000-0000-0000-000000000000';

export function monthBounds(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { first: `${month}-01`, last };
}

export async function getStatement(ctx: Ctx, month: string, query: StatementQuery, format: 'json' | 'csv' | 'pdf' = 'json'): Promise<Statement> {
  const actor = requireActor(ctx);
  assertCan(actor, 'billing.statement.read');
  const coordinator = actor.role === 'coordinator';
  if (coordinator && !query.clinicianId) {
    throw new AppError('validation_failed', 'Choose a clinician.', { fields: [{ path: 'clinicianId', message: 'clinician_required' }] });
  }
  const clinicianId = query.clinicianId ?? actor.userId;
  if (!coordinator && clinicianId !== actor.userId) throw notFound('clinician');
  const { first, last } = monthBounds(month);

  return ctx.db.transaction().execute(async (trx) => {
    const clinician = await trx
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', '=', clinicianId)
      .$if(coordinator, (qb) =>
        qb.where('id', 'in', (eb) =>
          eb
            .selectFrom('memberships as m')
            .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
            .select('m.user_id')
            .where('o.network_id', '=', actor.networkId ?? NONE)
            .where('m.role', 'in', ['requester', 'dermatologist']),
        ),
      )
      .executeTakeFirst();
    if (!clinician) throw notFound('clinician');

    const rows = await billingLinesQuery(trx)
      .where('bl.clinician_user_id', '=', clinicianId)
      .where('bl.act_date', '>=', first)
      .where('bl.act_date', '<=', last)
      .$if(coordinator, (qb) => qb.where('bl.network_id', '=', actor.networkId ?? NONE))
      .orderBy('bl.act_date')
      .orderBy('bl.acted_at')
      .orderBy('bl.act_code')
      .execute();
    const lines = rows.map(billingLineDto);

    const patients = [...new Set(lines.map((l) => l.patient.id))];
    const audit = { action: 'billing.statement_read', resourceType: 'billing_statement', resourceId: clinicianId };
    const details = { month, format, lineCount: lines.length };
    if (patients.length === 0) await recordAudit(trx, ctx, { ...audit, details });
    for (const patientId of patients) await recordAudit(trx, ctx, { ...audit, patientId, details });

    const totals = new Map<string, Totals>();
    for (const l of lines) {
      const t = totals.get(l.currency) ?? { currency: l.currency, count: 0, amountCents: 0, insurerCents: 0, patientCents: 0, patientDueCents: 0 };
      t.count += 1;
      t.amountCents += l.amountCents;
      t.insurerCents += l.insurerAmountCents;
      t.patientCents += l.patientAmountCents;
      if (l.paymentStatus === 'due') t.patientDueCents += l.patientAmountCents;
      totals.set(l.currency, t);
    }
    return {
      month,
      clinician: { id: clinician.id, name: clinician.display_name },
      lines,
      totals: [...totals.values()],
      paymentMode: onlinePaymentEnabled(ctx.services) ? 'online' : 'practice',
    };
  });
}
