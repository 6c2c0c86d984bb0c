// Billing lines as the statement shows them: the line, the fee entry it was
// computed from (labels, cap), the patient and the billing organisation.
import type { Kysely, Transaction } from 'kysely';
import type { BillingLine } from '../../../contracts/billing/index.ts';
import type { DB } from '../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export function billingLinesQuery(db: Db) {
  return db
    .selectFrom('billing_lines as bl')
    .innerJoin('fee_schedule_entries as f', 'f.id', 'bl.fee_entry_id')
    .innerJoin('patients as p', 'p.id', 'bl.patient_id')
    .innerJoin('organisations as o', 'o.id', 'bl.organisation_id')
    .selectAll('bl')
    .select(['f.label_fr', 'f.label_en', 'f.yearly_cap_per_patient', 'p.family_name', 'p.given_name', 'o.name as organisation_name']);
}

type Row = Awaited<ReturnType<ReturnType<typeof billingLinesQuery>['executeTakeFirstOrThrow']>>;

export function billingLineDto(r: Row): BillingLine {
  return {
    id: r.id,
    source: r.appointment_id ? 'visit' : 'case',
    actCode: r.act_code,
    labelFr: r.label_fr,
    labelEn: r.label_en,
    billedBy: r.billed_by,
    actDate: r.act_date,
    coordinated: r.coordinated,
    currency: r.currency,
    amountCents: r.amount_cents,
    insurerSharePercent: r.insurer_share_percent,
    insurerAmountCents: r.insurer_amount_cents,
    patientAmountCents: r.patient_amount_cents,
    explanation: r.explanation,
    yearlyRank: r.yearly_rank,
    yearlyCap: r.yearly_cap_per_patient,
    feeEntryId: r.fee_entry_id,
    paymentStatus: r.payment_status,
    paidAt: r.paid_at ? r.paid_at.toISOString() : null,
    paidVia: r.paid_via,
    patient: { id: r.patient_id, name: `${r.family_name.toUpperCase()} ${r.given_name}` },
    organisationName: r.organisation_name,
  };
}
