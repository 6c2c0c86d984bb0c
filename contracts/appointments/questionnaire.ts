// The questionnaire a patient fills before a teleconsultation, and what the
// appointment page shows to prepare the visit. Shared by the server (route
// schemas, submission rules) and the web app (the patient's steps in plain
// words; the dermatologist's page with clinical labels).
//
// Drafts are lenient and saved as typed (any subset; null clears a field);
// submission is strict where the dermatologist needs an answer: the reason
// (with the patient's words when it is "something else"), how long, and
// whether there are treatments and allergies (an explicit "none" counts).
// Words: web/src/i18n/locales/<lang>/previsit.json, `patient.*` (reading age
// about 11) and `clinical.*` (the dermatologist's labels), keyed by the values
// below.
import { z } from 'zod';
import { FitzpatrickPhototypeSchema } from '../clinical/triage.ts';

export const QUESTIONNAIRE_VERSION = 1 as const;

export const QUESTIONNAIRE_REASONS = ['new_or_changing_spot', 'rash', 'itch', 'acne', 'hair_or_nails', 'wound', 'follow_up', 'other'] as const;
export const QuestionnaireReasonSchema = z.enum(QUESTIONNAIRE_REASONS);
export type QuestionnaireReason = z.infer<typeof QuestionnaireReasonSchema>;

/** How long the problem has been there, in the bands people can answer without a calendar. */
export const QUESTIONNAIRE_DURATIONS = ['under_a_week', 'one_to_four_weeks', 'one_to_twelve_months', 'over_a_year'] as const;
export const QuestionnaireDurationSchema = z.enum(QUESTIONNAIRE_DURATIONS);
export type QuestionnaireDuration = z.infer<typeof QuestionnaireDurationSchema>;

export const QUESTIONNAIRE_EVOLUTIONS = ['getting_worse', 'the_same', 'getting_better', 'comes_and_goes'] as const;
export const QuestionnaireEvolutionSchema = z.enum(QUESTIONNAIRE_EVOLUTIONS);
export type QuestionnaireEvolution = z.infer<typeof QuestionnaireEvolutionSchema>;

export const QUESTIONNAIRE_SYMPTOMS = ['itch', 'pain', 'bleeding', 'growing', 'colour_change', 'oozing'] as const;
export const QuestionnaireSymptomSchema = z.enum(QUESTIONNAIRE_SYMPTOMS);
export type QuestionnaireSymptom = z.infer<typeof QuestionnaireSymptomSchema>;

const text = (max: number) => z.string().trim().max(max);

/** The answers as saved while typing: any subset; null clears a field. Present values are type-checked. */
export const QuestionnaireDraftSchema = z
  .object({
    reason: QuestionnaireReasonSchema.nullable(),
    /** In the patient's own words (required when the reason is 'other'). */
    reasonDetail: text(1000).nullable(),
    /** Where on the body, in the patient's words. */
    bodyArea: text(200).nullable(),
    duration: QuestionnaireDurationSchema.nullable(),
    evolution: QuestionnaireEvolutionSchema.nullable(),
    /** The symptoms the patient has; an empty list means none of them. */
    symptoms: z.array(QuestionnaireSymptomSchema).max(QUESTIONNAIRE_SYMPTOMS.length).nullable(),
    /** "I use nothing for it" (explicit, so that an empty field is not read as "none"). */
    treatmentsNone: z.boolean().nullable(),
    treatments: text(2000).nullable(),
    allergiesNone: z.boolean().nullable(),
    allergies: text(1000).nullable(),
    /** Fitzpatrick phototype; null when the patient does not know. */
    phototype: FitzpatrickPhototypeSchema.nullable(),
    /** Anything else the patient wants to say or ask. */
    otherInfo: text(2000).nullable(),
  })
  .partial()
  .meta({ id: 'QuestionnaireDraft' });
export type QuestionnaireDraft = z.infer<typeof QuestionnaireDraftSchema>;

/** Issues that stop a submission: [field path, message key] (the key is also the API's message). */
export function submissionIssues(answers: QuestionnaireDraft): Array<{ path: string; message: string }> {
  const issues: Array<{ path: string; message: string }> = [];
  if (!answers.reason) issues.push({ path: 'reason', message: 'previsit.required.reason' });
  if (answers.reason === 'other' && !answers.reasonDetail) issues.push({ path: 'reasonDetail', message: 'previsit.required.reasonDetail' });
  if (!answers.duration) issues.push({ path: 'duration', message: 'previsit.required.duration' });
  if (!answers.treatmentsNone && !answers.treatments) issues.push({ path: 'treatments', message: 'previsit.required.treatments' });
  if (!answers.allergiesNone && !answers.allergies) issues.push({ path: 'allergies', message: 'previsit.required.allergies' });
  return issues;
}

/** The duplicates in a symptom list are dropped and the order fixed, so that two saves of the same answers are equal. */
export function normaliseAnswers(answers: QuestionnaireDraft): QuestionnaireDraft {
  const out: QuestionnaireDraft = { ...answers };
  if (out.symptoms) out.symptoms = QUESTIONNAIRE_SYMPTOMS.filter((s) => out.symptoms!.includes(s));
  if (out.treatmentsNone) out.treatments = null;
  if (out.allergiesNone) out.allergies = null;
  return out;
}

export const AppointmentIdParamsSchema = z.object({ appointmentId: z.uuid() });

/** PUT /api/appointments/:appointmentId/questionnaire */
export const SaveQuestionnaireBodySchema = z
  .object({
    answers: QuestionnaireDraftSchema,
    /** true: check the answers strictly and send them to the dermatologist; false: keep them as a draft. */
    submit: z.boolean().default(false),
  })
  .meta({ id: 'SaveQuestionnaire' });
export type SaveQuestionnaireBody = z.input<typeof SaveQuestionnaireBodySchema>;

export const QuestionnaireStateSchema = z
  .object({
    answers: QuestionnaireDraftSchema,
    /** Set once the answers were sent; a later draft save clears it until they are sent again. */
    submittedAt: z.string().nullable(),
    savedAt: z.string().nullable(),
    /** Who last saved: the patient, or their GP practice on their behalf. */
    filledBy: z.enum(['patient', 'practice']).nullable(),
  })
  .meta({ id: 'QuestionnaireState' });
export type QuestionnaireState = z.infer<typeof QuestionnaireStateSchema>;

const PersonSchema = z.object({ id: z.uuid(), name: z.string() });

/** GET /api/appointments/:appointmentId/preparation: everything the page before the visit needs. */
export const AppointmentPreparationSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['booked', 'cancelled', 'completed', 'no_show']),
    startsAt: z.string(),
    endsAt: z.string(),
    /** The zone the slot was published in (dates are shown in it). */
    timeZone: z.string(),
    dermatologist: PersonSchema,
    service: PersonSchema,
    patient: z.object({
      id: z.uuid(),
      familyName: z.string(),
      givenName: z.string(),
      birthDate: z.string(),
      age: z.number().int(),
      sex: z.enum(['female', 'male', 'other', 'unknown']),
    }),
    /** The coordinated care pathway: the patient was sent by their GP (a case or a letter). */
    coordinated: z.boolean(),
    referral: z
      .object({
        /** The visit follows a tele-expertise case (the dermatologist proposed it, or the GP asked). */
        followsCase: z.boolean(),
        /** That case, when the caller may open it. */
        caseId: z.uuid().nullable(),
        letter: z.string().nullable(),
        referrer: PersonSchema.nullable(),
        organisation: PersonSchema.nullable(),
      })
      .nullable(),
    questionnaire: QuestionnaireStateSchema,
    /** The caller may change the answers now (the patient or their practice, before the visit). */
    canEditQuestionnaire: z.boolean(),
    /** The caller may add photos now (see GET /api/appointments/:appointmentId/photos). */
    canAddPhotos: z.boolean(),
  })
  .meta({ id: 'AppointmentPreparation' });
export type AppointmentPreparation = z.infer<typeof AppointmentPreparationSchema>;
