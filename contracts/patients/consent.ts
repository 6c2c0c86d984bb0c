// The patient's consent to photographs and remote expertise: who recorded it,
// when, how, what it covers, and its withdrawal. No consent, no submission.
import { z } from 'zod';

export const CONSENT_METHODS = ['oral_in_consultation', 'signed', 'patient_account'] as const;
export const ConsentMethodSchema = z.enum(CONSENT_METHODS);
export type ConsentMethod = z.infer<typeof ConsentMethodSchema>;

export const CONSENT_SCOPES = ['photos', 'remote_expertise'] as const;
export const ConsentScopeSchema = z.enum(CONSENT_SCOPES);
export type ConsentScope = z.infer<typeof ConsentScopeSchema>;

export const RecordConsentBodySchema = z
  .object({
    method: ConsentMethodSchema,
    /** Both are needed to submit a case. */
    scope: z.array(ConsentScopeSchema).min(1).max(2),
  })
  .meta({ id: 'RecordConsentBody' });
export type RecordConsentBody = z.infer<typeof RecordConsentBodySchema>;

export const WithdrawConsentBodySchema = z.object({
  /** Optional short reason code or text; never shown to other patients. */
  reason: z.string().trim().max(500).optional(),
});

export const ConsentSchema = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    method: ConsentMethodSchema,
    scope: z.array(ConsentScopeSchema),
    recordedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    recordedAt: z.string(),
    withdrawnAt: z.string().nullable(),
    withdrawnBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    withdrawalReason: z.string().nullable(),
  })
  .meta({ id: 'Consent' });
export type Consent = z.infer<typeof ConsentSchema>;

export const ConsentListSchema = z.object({ items: z.array(ConsentSchema) }).meta({ id: 'ConsentList' });
export const ConsentParamsSchema = z.object({ patientId: z.uuid(), consentId: z.uuid() });
