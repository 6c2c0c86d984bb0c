// After the video visit: the dermatologist's visit record (notes, diagnosis with
// the tele-expertise ICD-10 subset, plan, a plain-language summary for the
// patient), saved as a draft, then signed once as completed (video required)
// or as a no-show; the report the referring GP reads; the summary the patient reads.
import { z } from 'zod';
import { Icd10CodeSchema, PersonRefSchema } from '../cases/answer.ts';

export const VisitParamsSchema = z.object({ appointmentId: z.uuid() });

const text = (max: number) => z.string().trim().max(max);

/** The draft, saved as typed (lenient: anything may still be empty). */
export const VisitDraftSchema = z
  .object({
    notes: text(8000),
    diagnosis: text(1000),
    icd10: Icd10CodeSchema.nullable(),
    plan: text(4000),
    patientSummary: text(2000),
  })
  .partial()
  .strict()
  .meta({ id: 'VisitDraft' });
export type VisitDraft = z.infer<typeof VisitDraftSchema>;

/** What the dermatologist signs when completing the visit. Messages are i18n keys (web: visits namespace). */
export const VisitCompleteBodySchema = z
  .object({
    notes: text(8000).min(1, 'visits:form.notesRequired'),
    diagnosis: text(1000).min(1, 'visits:form.diagnosisRequired'),
    icd10: Icd10CodeSchema.nullish(),
    plan: text(4000).min(1, 'visits:form.planRequired'),
    /** Plain language, for the patient (reading age about 11). */
    patientSummary: text(2000).min(1, 'visits:form.patientSummaryRequired'),
  })
  .strict()
  .meta({ id: 'VisitCompleteBody' });
export type VisitCompleteBody = z.infer<typeof VisitCompleteBodySchema>;

/** Marking a no-show: an optional note (e.g. "called twice, no answer"). */
export const VisitNoShowBodySchema = z
  .object({ notes: text(8000).optional() })
  .strict()
  .meta({ id: 'VisitNoShowBody' });
export type VisitNoShowBody = z.infer<typeof VisitNoShowBodySchema>;

export const VISIT_OUTCOMES = ['completed', 'no_show'] as const;
export const VisitOutcomeSchema = z.enum(VISIT_OUTCOMES);
export type VisitOutcome = z.infer<typeof VisitOutcomeSchema>;

export const VisitEventSchema = z.object({
  kind: z.enum(['joined', 'admitted', 'left']),
  at: z.iso.datetime({ offset: true }),
  /** Whose event: the appointment's dermatologist, the patient, or someone else. */
  who: z.enum(['dermatologist', 'patient', 'other']),
  name: z.string(),
});
export type VisitEvent = z.infer<typeof VisitEventSchema>;

export const VisitSignatureSchema = z.object({
  outcome: VisitOutcomeSchema,
  signedBy: PersonRefSchema,
  signedAt: z.iso.datetime({ offset: true }),
  /** SHA-256 (hex) of the canonical signed content. */
  contentHash: z.string(),
});

export const VisitRecordSchema = z.object({
  notes: z.string(),
  diagnosis: z.string(),
  icd10: Icd10CodeSchema.nullable(),
  plan: z.string(),
  patientSummary: z.string(),
  updatedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type VisitRecord = z.infer<typeof VisitRecordSchema>;

export const VisitPatientSchema = z.object({
  name: z.string(),
  birthDate: z.string(),
  age: z.number().int(),
  sex: z.enum(['female', 'male', 'other', 'unknown']),
});

export const VisitSchema = z
  .object({
    appointmentId: z.uuid(),
    status: z.enum(['booked', 'cancelled', 'completed', 'no_show']),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    timeZone: z.string(),
    coordinated: z.boolean(),
    patient: VisitPatientSchema,
    dermatologist: PersonRefSchema,
    referringGp: PersonRefSchema.nullable(),
    timeline: z.array(VisitEventSchema),
    /** The billing rule: a visit is completed only when both the dermatologist and the patient joined the video. */
    video: z.object({ dermatologistJoined: z.boolean(), patientJoined: z.boolean(), held: z.boolean() }),
    record: VisitRecordSchema,
    signature: VisitSignatureSchema.nullable(),
    /** The caller is the appointment's dermatologist and the visit is still open. */
    canEdit: z.boolean(),
    /** The appointment has started (a no-show can be recorded) and the patient never joined. */
    canMarkNoShow: z.boolean(),
  })
  .meta({ id: 'Visit' });
export type Visit = z.infer<typeof VisitSchema>;

export const VisitSavedSchema = z.object({ appointmentId: z.uuid(), updatedAt: z.iso.datetime({ offset: true }) }).meta({ id: 'VisitSaved' });
export type VisitSaved = z.infer<typeof VisitSavedSchema>;

export const VisitClosedSchema = z
  .object({ appointmentId: z.uuid(), status: z.enum(['completed', 'no_show']), signature: VisitSignatureSchema })
  .meta({ id: 'VisitClosed' });
export type VisitClosed = z.infer<typeof VisitClosedSchema>;

/** The dermatologist's visits: today's and past ones still to write up, and recent closed ones. */
export const VisitListItemSchema = z.object({
  appointmentId: z.uuid(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  /** The zone the slot was published in: times are shown in it, as in the agenda. */
  timeZone: z.string(),
  status: z.enum(['booked', 'completed', 'no_show']),
  patient: VisitPatientSchema.pick({ name: true, age: true, sex: true }),
  /** to_write: nothing typed yet; draft: notes in progress; completed / no_show: signed. */
  state: z.enum(['to_write', 'draft', 'completed', 'no_show']),
  videoHeld: z.boolean(),
});
export type VisitListItem = z.infer<typeof VisitListItemSchema>;
export const VisitListSchema = z.object({ items: z.array(VisitListItemSchema) }).meta({ id: 'VisitList' });
export type VisitList = z.infer<typeof VisitListSchema>;

export const ReportPrescriptionSchema = z.object({
  id: z.string(),
  issuedAt: z.iso.datetime({ offset: true }).nullable(),
  /** One readable line per medicine (name, dosage, duration...). */
  lines: z.array(z.string()),
});
export type ReportPrescription = z.infer<typeof ReportPrescriptionSchema>;

/** The report of a closed visit (the referring GP's page, the PDF). */
export const VisitReportSchema = z
  .object({
    appointmentId: z.uuid(),
    outcome: VisitOutcomeSchema,
    startsAt: z.iso.datetime({ offset: true }),
    timeZone: z.string(),
    coordinated: z.boolean(),
    patient: VisitPatientSchema,
    dermatologist: PersonRefSchema,
    service: z.string(),
    referringGp: PersonRefSchema.nullable(),
    notes: z.string(),
    diagnosis: z.string(),
    icd10: Icd10CodeSchema.nullable(),
    plan: z.string(),
    patientSummary: z.string(),
    prescriptions: z.array(ReportPrescriptionSchema),
    signedAt: z.iso.datetime({ offset: true }),
    contentHash: z.string(),
  })
  .meta({ id: 'VisitReport' });
export type VisitReport = z.infer<typeof VisitReportSchema>;

export const VisitReportQuerySchema = z.object({ lang: z.enum(['fr', 'en']).optional() });

/** What the patient reads: plain words only, no codes. */
export const PatientVisitSummarySchema = z
  .object({
    appointmentId: z.uuid(),
    startsAt: z.iso.datetime({ offset: true }),
    timeZone: z.string(),
    dermatologistName: z.string(),
    /** upcoming: not held yet; completed: the summary is there; no_show / cancelled: no summary. */
    status: z.enum(['upcoming', 'completed', 'no_show', 'cancelled']),
    summary: z.string().nullable(),
    completedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'PatientVisitSummary' });
export type PatientVisitSummary = z.infer<typeof PatientVisitSummarySchema>;

export const MyVisitsSchema = z.object({ items: z.array(PatientVisitSummarySchema) }).meta({ id: 'MyVisits' });
export type MyVisits = z.infer<typeof MyVisitsSchema>;
