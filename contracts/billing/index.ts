// Fees and billing: the fee schedule (data with validity dates, edited by
// coordinators as new versions), billing lines made by visits and answered
// tele-expertise cases, the monthly statement per clinician, and the patient's
// share and its payment.
import { z } from 'zod';

export const COUNTRIES = ['FR', 'GB'] as const;
export const BILLED_BY = ['expert', 'requester', 'teleconsultant'] as const;
export const CURRENCIES = ['EUR', 'GBP'] as const;
export const BILLING_EXPLANATIONS = ['cap_reached', 'no_video'] as const;
export const PAYMENT_STATUSES = ['not_due', 'due', 'paid'] as const;
export type Country = (typeof COUNTRIES)[number];
export type BilledBy = (typeof BILLED_BY)[number];
export type Currency = (typeof CURRENCIES)[number];

/** A network's country decides the schedule's currency. */
export const CURRENCY_OF: Record<Country, Currency> = { FR: 'EUR', GB: 'GBP' };

/** The insurer's part of an amount at a rate in percent (rounded to the cent); the patient pays the rest. */
export function splitAmount(amountCents: number, insurerPercent: number): { insurerCents: number; patientCents: number } {
  const insurerCents = Math.round((amountCents * insurerPercent) / 100);
  return { insurerCents, patientCents: amountCents - insurerCents };
}

/** The day before a calendar day (YYYY-MM-DD). */
export function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** Whether two closed periods of days overlap (null end: open). */
export function periodsOverlap(a: { from: string; to: string | null }, b: { from: string; to: string | null }): boolean {
  return (a.to === null || b.from <= a.to) && (b.to === null || a.from <= b.to);
}

export const ActCodeSchema = z.string().trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9_-]{0,15}$/, 'act_code_format');
const Percent = z.number('number_required').int('whole_number').min(0, 'percent_range').max(100, 'percent_range');
const Cents = z.number('number_required').int('amount_cents').min(0, 'amount_negative').max(100_000_00, 'amount_too_large');
const Label = z.string().trim().min(1, 'required').max(200, 'too_long');
const Day = z.iso.date('date_invalid');

export const FeeEntrySchema = z.object({
  id: z.uuid(),
  country: z.enum(COUNTRIES),
  actCode: z.string(),
  labelFr: z.string(),
  labelEn: z.string(),
  billedBy: z.enum(BILLED_BY),
  amountCents: z.number().int(),
  currency: z.enum(CURRENCIES),
  /** Percent of the amount paid by the insurer in the coordinated care pathway, and outside it. */
  insurerShareCoordinated: z.number().int(),
  insurerShareUncoordinated: z.number().int(),
  /** At most this many billable acts per patient and calendar year; null: no cap. */
  yearlyCapPerPatient: z.number().int().nullable(),
  /** First and last day of validity, both included; validTo null: until further notice. */
  validFrom: z.iso.date(),
  validTo: z.iso.date().nullable(),
  previousId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  createdBy: z.string().nullable(),
  /** How many billing lines were computed from this entry. */
  lineCount: z.number().int(),
});
export type FeeEntry = z.infer<typeof FeeEntrySchema>;

export const FeeScheduleSchema = z.object({
  country: z.enum(COUNTRIES),
  currency: z.enum(CURRENCIES),
  /** Today in the network's time zone: which entries are in force. */
  today: z.iso.date(),
  entries: z.array(FeeEntrySchema),
});
export type FeeSchedule = z.infer<typeof FeeScheduleSchema>;

const feeValues = {
  labelFr: Label,
  labelEn: Label,
  amountCents: Cents,
  insurerShareCoordinated: Percent,
  insurerShareUncoordinated: Percent,
  yearlyCapPerPatient: z.number('number_required').int('whole_number').min(1, 'cap_range').max(366, 'cap_range').nullable(),
};

/** A new act (or a new period of an act with no entry then), for the coordinator's network's country. */
export const FeeEntryCreateSchema = z
  .object({
    actCode: ActCodeSchema,
    billedBy: z.enum(BILLED_BY),
    ...feeValues,
    validFrom: Day,
    validTo: Day.nullable(),
  })
  .refine((v) => v.validTo === null || v.validTo >= v.validFrom, { path: ['validTo'], message: 'valid_to_before_valid_from' });
export type FeeEntryCreate = z.infer<typeof FeeEntryCreateSchema>;

/** A new version of an entry from a day on: the entry's validity closes the day before. */
export const FeeVersionCreateSchema = z.object({ ...feeValues, validFrom: Day });
export type FeeVersionCreate = z.infer<typeof FeeVersionCreateSchema>;

/** Ends an open-ended entry on a day (included): the act bills nothing after it. */
export const FeeEntryEndSchema = z.object({ validTo: Day });
export type FeeEntryEnd = z.infer<typeof FeeEntryEndSchema>;

export const FeeEntryParamsSchema = z.object({ feeEntryId: z.uuid() });

export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month_format');
export const StatementParamsSchema = z.object({ month: MonthSchema });
export const StatementQuerySchema = z.object({
  /** A coordinator picks any clinician of their network; a clinician sees their own (default). */
  clinicianId: z.uuid().optional(),
  /** Language of the CSV and PDF (the page's); default: the person's own. */
  lang: z.enum(['fr', 'en']).optional(),
});
export type StatementQuery = z.infer<typeof StatementQuerySchema>;

export const BillingLineSchema = z.object({
  id: z.uuid(),
  source: z.enum(['visit', 'case']),
  actCode: z.string(),
  labelFr: z.string(),
  labelEn: z.string(),
  billedBy: z.enum(BILLED_BY),
  actDate: z.iso.date(),
  coordinated: z.boolean(),
  currency: z.enum(CURRENCIES),
  amountCents: z.number().int(),
  insurerSharePercent: z.number().int(),
  insurerAmountCents: z.number().int(),
  patientAmountCents: z.number().int(),
  /** Why the amount is not the schedule's (cap_reached: the yearly cap; no_video: no video connection recorded). */
  explanation: z.enum(BILLING_EXPLANATIONS).nullable(),
  /** For capped acts: which act of the calendar year this is for the patient, and the cap. */
  yearlyRank: z.number().int().nullable(),
  yearlyCap: z.number().int().nullable(),
  feeEntryId: z.uuid(),
  paymentStatus: z.enum(PAYMENT_STATUSES),
  paidAt: z.iso.datetime().nullable(),
  paidVia: z.enum(['online', 'practice']).nullable(),
  patient: z.object({ id: z.uuid(), name: z.string() }),
  organisationName: z.string(),
});
export type BillingLine = z.infer<typeof BillingLineSchema>;

export const TotalsSchema = z.object({
  currency: z.enum(CURRENCIES),
  count: z.number().int(),
  amountCents: z.number().int(),
  insurerCents: z.number().int(),
  patientCents: z.number().int(),
  /** Patient shares still to be paid. */
  patientDueCents: z.number().int(),
});
export type Totals = z.infer<typeof TotalsSchema>;

export const PaymentModeSchema = z.enum(['online', 'practice']);
export type PaymentMode = z.infer<typeof PaymentModeSchema>;

export const StatementSchema = z.object({
  month: MonthSchema,
  clinician: z.object({ id: z.uuid(), name: z.string() }),
  lines: z.array(BillingLineSchema),
  /** One total per currency (a statement normally has one). */
  totals: z.array(TotalsSchema),
  /** Online: patients pay their share through Stripe; practice: payment is taken at the practice. */
  paymentMode: PaymentModeSchema,
});
export type Statement = z.infer<typeof StatementSchema>;

export const BillingClinicianSchema = z.object({ id: z.uuid(), name: z.string(), role: z.enum(['requester', 'dermatologist']), organisationName: z.string() });
export const BillingCliniciansSchema = z.object({ clinicians: z.array(BillingClinicianSchema) });
export type BillingClinician = z.infer<typeof BillingClinicianSchema>;

export const BillingLineParamsSchema = z.object({ billingLineId: z.uuid() });

export const PatientPaymentSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['visit', 'case']),
  actDate: z.iso.date(),
  clinicianName: z.string(),
  currency: z.enum(CURRENCIES),
  amountCents: z.number().int(),
  insurerAmountCents: z.number().int(),
  patientAmountCents: z.number().int(),
  paymentStatus: z.enum(PAYMENT_STATUSES),
  paidAt: z.iso.datetime().nullable(),
});
export type PatientPayment = z.infer<typeof PatientPaymentSchema>;
export const PatientPaymentsSchema = z.object({ paymentMode: PaymentModeSchema, payments: z.array(PatientPaymentSchema) });
export type PatientPayments = z.infer<typeof PatientPaymentsSchema>;

export const CheckoutSchema = z.object({ url: z.url() });
export const WebhookAckSchema = z.object({ received: z.literal(true) });
