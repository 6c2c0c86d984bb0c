// The dermatologist's answer: signed, then immutable; corrections are signed
// addenda. Personal answer templates pre-fill the same fields.
import { z } from 'zod';
import { TriageOutcomeSchema } from '../clinical/triage.ts';

export const Icd10CodeSchema = z.object({
  code: z.string().trim().min(3).max(10),
  label: z.string().trim().max(300),
});
export type Icd10Code = z.infer<typeof Icd10CodeSchema>;

export const DifferentialSchema = z.object({
  text: z.string().trim().min(1).max(300),
  icd10: Icd10CodeSchema.nullish(),
});

const text = (max: number) => z.string().trim().max(max);

/** What the dermatologist signs. */
export const AnswerBodySchema = z
  .object({
    diagnosis: text(1000).min(1, 'cases.answer.diagnosisRequired'),
    icd10: Icd10CodeSchema.nullish(),
    differentials: z.array(DifferentialSchema).max(10).default([]),
    managementPlan: text(4000).min(1, 'cases.answer.managementPlanRequired'),
    treatmentSuggestions: text(4000).optional(),
    outcome: TriageOutcomeSchema,
    /** Plain language, for the patient (reading age about 11). */
    patientSummary: text(2000).min(1, 'cases.answer.patientSummaryRequired'),
    /** The GP speaks to the patient before the patient sees the answer (bad news). */
    gpDiscussesFirst: z.boolean().default(false),
  })
  .meta({ id: 'AnswerBody' });
export type AnswerBody = z.infer<typeof AnswerBodySchema>;

/** Autosaved answer draft of the assigned dermatologist (lenient). */
export const AnswerDraftSchema = z
  .object({
    diagnosis: text(1000),
    icd10: Icd10CodeSchema.nullable(),
    differentials: z.array(DifferentialSchema).max(10),
    managementPlan: text(4000),
    treatmentSuggestions: text(4000),
    outcome: TriageOutcomeSchema.nullable(),
    patientSummary: text(2000),
    gpDiscussesFirst: z.boolean(),
  })
  .partial()
  .meta({ id: 'AnswerDraft' });
export type AnswerDraft = z.infer<typeof AnswerDraftSchema>;

export const PersonRefSchema = z.object({ id: z.uuid(), name: z.string() });
export type PersonRef = z.infer<typeof PersonRefSchema>;

export const SignedAnswerSchema = z
  .object({
    id: z.uuid(),
    diagnosis: z.string(),
    icd10: Icd10CodeSchema.nullable(),
    differentials: z.array(z.object({ text: z.string(), icd10: Icd10CodeSchema.nullable() })),
    managementPlan: z.string(),
    treatmentSuggestions: z.string().nullable(),
    outcome: TriageOutcomeSchema,
    patientSummary: z.string(),
    gpDiscussesFirst: z.boolean(),
    signedBy: PersonRefSchema,
    signedAt: z.string(),
    /** SHA-256 (hex) of the canonical signed content. */
    contentHash: z.string(),
  })
  .meta({ id: 'SignedAnswer' });
export type SignedAnswer = z.infer<typeof SignedAnswerSchema>;

export const AddendumBodySchema = z
  .object({
    text: text(4000).min(1),
    /** A changed triage outcome, if the correction changes it. */
    outcome: TriageOutcomeSchema.optional(),
  })
  .meta({ id: 'AddendumBody' });
export type AddendumBody = z.infer<typeof AddendumBodySchema>;

export const AddendumSchema = z
  .object({
    id: z.uuid(),
    text: z.string(),
    outcome: TriageOutcomeSchema.nullable(),
    signedBy: PersonRefSchema,
    signedAt: z.string(),
    contentHash: z.string(),
  })
  .meta({ id: 'Addendum' });
export type Addendum = z.infer<typeof AddendumSchema>;

// Personal templates (per dermatologist).
export const AnswerTemplateBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    content: AnswerDraftSchema,
  })
  .meta({ id: 'AnswerTemplateBody' });
export type AnswerTemplateBody = z.infer<typeof AnswerTemplateBodySchema>;

export const AnswerTemplateSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    content: AnswerDraftSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AnswerTemplate' });
export type AnswerTemplate = z.infer<typeof AnswerTemplateSchema>;
export const AnswerTemplateListSchema = z.object({ items: z.array(AnswerTemplateSchema) }).meta({ id: 'AnswerTemplateList' });
export const TemplateParamsSchema = z.object({ templateId: z.uuid() });

// ICD-10 search (GET /api/icd10?q=&lang=).
export const Icd10SearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(100),
  lang: z.enum(['fr', 'en']).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const Icd10SearchResultSchema = z.object({ items: z.array(Icd10CodeSchema) }).meta({ id: 'Icd10SearchResult' });
