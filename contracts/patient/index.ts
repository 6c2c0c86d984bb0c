// What the patient sees of their own care: the timeline of each case in
// structured steps (the web app turns each step into a plain-language sentence
// from i18n keys), the specialist's summary once it may reach them, and their
// consents. No internal state names, no codes, no clinical vocabulary here.
import { z } from 'zod';
import { TriageOutcomeSchema } from '../clinical/triage.ts';

/** Every kind of step a patient can see; the web app has an en and fr sentence for each. */
export const TIMELINE_STEP_KINDS = [
  'sent',
  'reviewing',
  'question_asked',
  'question_answered',
  'answer_with_doctor',
  'answered',
  'withdrawn',
] as const;
export const TimelineStepKindSchema = z.enum(TIMELINE_STEP_KINDS);
export type TimelineStepKind = z.infer<typeof TimelineStepKindSchema>;

export const TimelineStepSchema = z.object({
  kind: TimelineStepKindSchema,
  /** ISO instant. */
  date: z.string(),
  /**
   * Plain parameters: `expectedBy` (ISO instant, sent/reviewing while waiting),
   * `summary` (the specialist's words for the patient) and `nextStep` (an
   * outcome key the web app turns into a plain sentence) on `answered`.
   */
  params: z.record(z.string(), z.string()),
});
export type TimelineStep = z.infer<typeof TimelineStepSchema>;

export const MyCaseSchema = z.object({
  id: z.uuid(),
  /** in_progress | held (the doctor will talk to you) | answered | withdrawn. */
  status: z.enum(['in_progress', 'held', 'answered', 'withdrawn']),
  sentOn: z.string(),
  steps: z.array(TimelineStepSchema),
  /** The specialist's summary for the patient: null until it may reach them. */
  summary: z.string().nullable(),
  nextStep: TriageOutcomeSchema.nullable(),
});
export type MyCase = z.infer<typeof MyCaseSchema>;
export const MyCasesSchema = z.object({ cases: z.array(MyCaseSchema) });
export type MyCases = z.infer<typeof MyCasesSchema>;

export const MyConsentSchema = z.object({
  id: z.uuid(),
  scope: z.array(z.enum(['photos', 'remote_expertise'])),
  method: z.enum(['oral_in_consultation', 'signed', 'patient_account']),
  recordedAt: z.string(),
  withdrawnAt: z.string().nullable(),
  withdrawnByMe: z.boolean(),
});
export type MyConsent = z.infer<typeof MyConsentSchema>;
export const MyConsentsSchema = z.object({ consents: z.array(MyConsentSchema) });
export type MyConsents = z.infer<typeof MyConsentsSchema>;
export const ConsentIdParamsSchema = z.object({ consentId: z.uuid() });

/** The requester's view of the hold on one case. */
export const PatientReleaseSchema = z.object({
  /** The patient does not see the summary yet: the requester talks to them first. */
  held: z.boolean(),
  releasedAt: z.string().nullable(),
});
export type PatientRelease = z.infer<typeof PatientReleaseSchema>;
