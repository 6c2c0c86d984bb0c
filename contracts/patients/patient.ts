// Patients as the API speaks of them: created and found within the requester's
// organisation. Shared by the server (route schemas) and the web app (forms).
import { z } from 'zod';
import { NationalIdKindSchema, refineNationalIdPair } from '../clinical/national-id.ts';

export const PatientSexSchema = z.enum(['female', 'male', 'other', 'unknown']);
export type PatientSex = z.infer<typeof PatientSexSchema>;

/** A calendar date, YYYY-MM-DD (a birth date has no time zone). */
export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date');

/** National identifier as typed: the kind decides the rules (NIR/INS key, NHS check digit). */
export const NationalIdInputSchema = z
  .object({ kind: NationalIdKindSchema, value: z.string().trim().min(1).max(40) })
  .superRefine(refineNationalIdPair('value'));
export type NationalIdInput = z.infer<typeof NationalIdInputSchema>;

export const CreatePatientBodySchema = z
  .object({
    familyName: z.string().trim().min(1).max(100),
    givenName: z.string().trim().min(1).max(100),
    birthDate: IsoDateSchema,
    sex: PatientSexSchema,
    email: z.email().max(200).nullish(),
    /** Mobile phone, digits with an optional leading + (spaces allowed). */
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 .\-()]{6,20}$/, 'validation.phone')
      .nullish(),
    nationalId: NationalIdInputSchema.nullish(),
    /** Set after the user saw the 409 possible_duplicate and chose to create anyway. */
    confirmDuplicate: z.boolean().optional(),
  })
  .superRefine((value, ctx) => {
    if (!value.email && !value.phone) ctx.addIssue({ code: 'custom', path: ['email'], message: 'patients.contactRequired' });
  })
  .meta({ id: 'CreatePatientBody' });
export type CreatePatientBody = z.infer<typeof CreatePatientBodySchema>;

export const NationalIdSchema = z.object({
  kind: NationalIdKindSchema,
  /** Normalised (no separators). */
  value: z.string(),
  /** Display form (NHS 3-3-4, NIR as on the card). */
  display: z.string(),
});

export const PatientSummarySchema = z
  .object({
    id: z.uuid(),
    familyName: z.string(),
    givenName: z.string(),
    birthDate: z.string(),
    /** Whole years at the server's today. */
    age: z.number().int(),
    sex: PatientSexSchema,
  })
  .meta({ id: 'PatientSummary' });
export type PatientSummary = z.infer<typeof PatientSummarySchema>;

export const ConsentStatusSchema = z.enum(['none', 'given', 'withdrawn']);

export const PatientSchema = PatientSummarySchema.extend({
  email: z.string().nullable(),
  phone: z.string().nullable(),
  nationalId: NationalIdSchema.nullable(),
  organisationId: z.uuid(),
  hasAccount: z.boolean(),
  /** Whether a current (not withdrawn) consent covers photos and remote expertise. */
  consentStatus: ConsentStatusSchema,
  createdAt: z.string(),
}).meta({ id: 'Patient' });
export type Patient = z.infer<typeof PatientSchema>;

export const PatientSearchQuerySchema = z.object({
  /** Part of the family or given name (accent- and case-insensitive). Not logged. */
  q: z.string().trim().max(100).optional(),
  birthDate: IsoDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type PatientSearchQuery = z.infer<typeof PatientSearchQuerySchema>;

export const PatientListSchema = z.object({ items: z.array(PatientSummarySchema) }).meta({ id: 'PatientList' });

/**
 * 409 `possible_duplicate` answered by POST /api/patients: a patient with the
 * same names and birth date exists. Resend with `confirmDuplicate: true` to
 * create anyway, or use one of the candidates.
 */
export const PossibleDuplicateProblemSchema = z.object({
  status: z.literal(409),
  code: z.literal('possible_duplicate'),
  detail: z.string().optional(),
  candidates: z.array(PatientSummarySchema),
});

export const PatientIdParamsSchema = z.object({ patientId: z.uuid() });
