// Billing lines for an act, in the caller's transaction: a completed video
// visit (the teleconsultant's act) and an answered tele-expertise case (the
// expert's and the requester's acts). Which acts, amounts, rates and caps come
// from the fee schedule valid on the act's day for the network's country;
// nothing about fees is in code. Idempotent: one line per act and code (a
// unique index), so calling again returns the lines already there.
import { sql, type Kysely, type Transaction } from 'kysely';
import { splitAmount } from '../../../contracts/billing/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { dayIn, feesValidOn } from './fee-lookup.ts';
import type { BilledBy, BillingExplanation, Country } from './tables.ts';

type Db = Kysely<DB> | Transaction<DB>;
type BillingCtx = Pick<Ctx, 'actor' | 'origin'>;

export interface RecordedLine {
  id: string;
  actCode: string;
  clinicianUserId: string;
  amountCents: number;
  insurerAmountCents: number;
  patientAmountCents: number;
  explanation: BillingExplanation | null;
  yearlyRank: number | null;
}

interface Act {
  networkId: string;
  country: Country;
  patientId: string;
  actedAt: Date;
  actDate: string;
  coordinated: boolean;
  appointmentId: string | null;
  caseId: string | null;
  /** Who bills each kind of act, and for which organisation. */
  billers: Partial<Record<BilledBy, { userId: string; organisationId: string }>>;
  /** Set when the act happened but is not billable at the schedule's amount. */
  explanation: BillingExplanation | null;
}

/**
 * Lines for a video visit: the teleconsultation act(s) of the schedule, billed
 * by the dermatologist for the service. Call it in the transaction that
 * completes the visit. The insurer's rate follows the coordinated care pathway
 * (appointments.coordinated). A visit without a video connection (nobody
 * admitted or joined besides the dermatologist) is recorded at zero with the
 * explanation `no_video`. Cancelled and no-show appointments bill nothing.
 */
export async function recordVisitBilling(trx: Db, ctx: BillingCtx, appointmentId: string): Promise<RecordedLine[]> {
  const visit = await trx
    .selectFrom('appointments as a')
    .innerJoin('organisations as o', 'o.id', 'a.service_id')
    .innerJoin('networks as n', 'n.id', 'o.network_id')
    .select(['a.id', 'a.service_id', 'a.dermatologist_user_id', 'a.patient_id', 'a.starts_at', 'a.status', 'a.coordinated', 'n.id as network_id', 'n.country', 'n.time_zone'])
    .where('a.id', '=', appointmentId)
    .executeTakeFirst();
  if (!visit || visit.status === 'cancelled' || visit.status === 'no_show') return [];
  const video = await trx
    .selectFrom('visit_events')
    .select('id')
    .where('appointment_id', '=', appointmentId)
    .where((eb) => eb.or([eb('kind', '=', 'admitted'), eb.and([eb('kind', '=', 'joined'), eb('user_id', '!=', visit.dermatologist_user_id)])]))
    .limit(1)
    .executeTakeFirst();
  return recordAct(trx, ctx, {
    networkId: visit.network_id,
    country: visit.country,
    patientId: visit.patient_id,
    actedAt: visit.starts_at,
    actDate: dayIn(visit.starts_at, visit.time_zone),
    coordinated: visit.coordinated,
    appointmentId,
    caseId: null,
    billers: { teleconsultant: { userId: visit.dermatologist_user_id, organisationId: visit.service_id } },
    explanation: video ? null : 'no_video',
  });
}

/**
 * Lines for an answered tele-expertise case: the expert's act (the dermatologist
 * who signed, for their service) and the requester's act (for their practice).
 * Tele-expertise is by definition coordinated (a clinician asked), so the
 * coordinated rate applies. Call it in the transaction that signs the answer.
 */
export async function recordCaseBilling(trx: Db, ctx: BillingCtx, caseId: string): Promise<RecordedLine[]> {
  const row = await trx
    .selectFrom('cases as c')
    .innerJoin('case_answers as ans', 'ans.case_id', 'c.id')
    .innerJoin('networks as n', 'n.id', 'c.network_id')
    .select(['c.id', 'c.patient_id', 'c.requester_id', 'c.requester_org_id', 'c.service_id', 'c.network_id', 'ans.signed_by', 'ans.signed_at', 'n.country', 'n.time_zone'])
    .where('c.id', '=', caseId)
    .executeTakeFirst();
  if (!row) return [];
  const expertOrganisation = row.service_id ?? (await dermatologyServiceOf(trx, row.signed_by, row.network_id));
  const billers: Act['billers'] = { requester: { userId: row.requester_id, organisationId: row.requester_org_id } };
  if (expertOrganisation) billers.expert = { userId: row.signed_by, organisationId: expertOrganisation };
  return recordAct(trx, ctx, {
    networkId: row.network_id,
    country: row.country,
    patientId: row.patient_id,
    actedAt: row.signed_at,
    actDate: dayIn(row.signed_at, row.time_zone),
    coordinated: true,
    appointmentId: null,
    caseId,
    billers,
    explanation: null,
  });
}

async function dermatologyServiceOf(trx: Db, userId: string, networkId: string): Promise<string | null> {
  const m = await trx
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select('o.id')
    .where('m.user_id', '=', userId)
    .where('m.role', '=', 'dermatologist')
    .where('o.network_id', '=', networkId)
    .orderBy('m.created_at')
    .executeTakeFirst();
  return m?.id ?? null;
}

async function recordAct(trx: Db, ctx: BillingCtx, act: Act): Promise<RecordedLine[]> {
  const billedBy = Object.keys(act.billers) as BilledBy[];
  const fees = billedBy.length ? await feesValidOn(trx, act.country, billedBy, act.actDate) : [];
  const existing = await linesOfAct(trx, act);
  const done = new Set(existing.map((l) => l.actCode));
  for (const fee of fees) {
    if (done.has(fee.act_code)) continue;
    const biller = act.billers[fee.billed_by]!;
    let amount = fee.amount_cents;
    let explanation = act.explanation;
    let yearlyRank: number | null = null;
    if (explanation) amount = 0;
    else if (fee.yearly_cap_per_patient !== null) {
      yearlyRank = await nextYearlyRank(trx, act.patientId, fee.act_code, act.actDate);
      if (yearlyRank > fee.yearly_cap_per_patient) {
        amount = 0;
        explanation = 'cap_reached';
      }
    }
    const percent = act.coordinated ? fee.insurer_share_coordinated : fee.insurer_share_uncoordinated;
    const { insurerCents, patientCents } = splitAmount(amount, percent);
    const inserted = await trx
      .insertInto('billing_lines')
      .values({
        network_id: act.networkId,
        appointment_id: act.appointmentId,
        case_id: act.caseId,
        fee_entry_id: fee.id,
        act_code: fee.act_code,
        billed_by: fee.billed_by,
        clinician_user_id: biller.userId,
        organisation_id: biller.organisationId,
        patient_id: act.patientId,
        act_date: act.actDate,
        acted_at: act.actedAt,
        coordinated: act.coordinated,
        currency: fee.currency,
        amount_cents: amount,
        insurer_share_percent: percent,
        insurer_amount_cents: insurerCents,
        patient_amount_cents: patientCents,
        explanation,
        yearly_rank: yearlyRank,
        payment_status: patientCents > 0 ? 'due' : 'not_due',
      })
      // A concurrent call for the same act got there first: its line stands.
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      await recordAudit(trx, ctx, {
        action: 'billing.line_create',
        resourceType: 'billing_line',
        resourceId: inserted.id,
        patientId: act.patientId,
        details: { actCode: fee.act_code, feeEntryId: fee.id, amountCents: amount, explanation, appointmentId: act.appointmentId, caseId: act.caseId },
      });
    }
  }
  return linesOfAct(trx, act);
}

/**
 * Which act of the calendar year this is for the patient. Acts of one patient
 * are counted under a transaction-scoped advisory lock, so two cases answered
 * at the same moment cannot both be the 4th.
 */
async function nextYearlyRank(trx: Db, patientId: string, actCode: string, actDate: string): Promise<number> {
  const year = actDate.slice(0, 4);
  await sql`select pg_advisory_xact_lock(hashtext(${`billing-cap:${patientId}:${actCode}:${year}`}))`.execute(trx);
  const { count } = await trx
    .selectFrom('billing_lines')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('patient_id', '=', patientId)
    .where('act_code', '=', actCode)
    .where('act_date', '>=', `${year}-01-01`)
    .where('act_date', '<=', `${year}-12-31`)
    .executeTakeFirstOrThrow();
  return Number(count) + 1;
}

async function linesOfAct(trx: Db, act: Pick<Act, 'appointmentId' | 'caseId'>): Promise<RecordedLine[]> {
  const rows = await trx
    .selectFrom('billing_lines')
    .select(['id', 'act_code', 'clinician_user_id', 'amount_cents', 'insurer_amount_cents', 'patient_amount_cents', 'explanation', 'yearly_rank'])
    .$if(act.appointmentId !== null, (qb) => qb.where('appointment_id', '=', act.appointmentId!))
    .$if(act.caseId !== null, (qb) => qb.where('case_id', '=', act.caseId!))
    .orderBy('act_code')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    actCode: r.act_code,
    clinicianUserId: r.clinician_user_id,
    amountCents: r.amount_cents,
    insurerAmountCents: r.insurer_amount_cents,
    patientAmountCents: r.patient_amount_cents,
    explanation: r.explanation,
    yearlyRank: r.yearly_rank,
  }));
}
