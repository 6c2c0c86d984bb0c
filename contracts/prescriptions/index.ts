// The electronic prescription: what the dermatologist writes (items chosen from
// the formulary), what is signed and shown, the public verification answer and
// the pharmacist's dispensing. Field messages are keys the web app translates
// (`prescriptions.*` -> `prescriptions:fieldErrors.*`).
import { z } from 'zod';

export const FORMULARY_CATEGORIES = [
  'corticosteroid_topical',
  'psoriasis_topical',
  'emollient',
  'antifungal_topical',
  'antifungal_oral',
  'antibiotic_topical',
  'antibiotic_oral',
  'acne_topical',
  'retinoid_topical',
  'retinoid_oral',
  'rosacea',
  'antihistamine',
  'antiviral',
  'antiparasitic',
  'keratolytic',
  'sun_protection',
  'immunomodulator_topical',
  'systemic_immunomodulator',
  'antiseptic',
  'other',
] as const;
export type FormularyCategory = (typeof FORMULARY_CATEGORIES)[number];

export const DOSAGE_FORMS = [
  'cream',
  'ointment',
  'lotion',
  'gel',
  'foam',
  'solution',
  'shampoo',
  'emulsion',
  'spray',
  'powder',
  'paste',
  'stick',
  'nail_lacquer',
  'tablet',
  'capsule',
  'oral_solution',
  'prefilled_pen',
] as const;
export type DosageForm = (typeof DOSAGE_FORMS)[number];

export const ROUTES = ['cutaneous', 'oral', 'subcutaneous'] as const;
export type AdministrationRoute = (typeof ROUTES)[number];

export const POTENCIES = ['mild', 'moderate', 'potent', 'very_potent'] as const;
export type Potency = (typeof POTENCIES)[number];

type Bilingual = { en: string; fr: string };

/** Form and route names, for the PDF (server) and the pages (web) alike. */
export const DOSAGE_FORM_LABELS: Record<DosageForm, Bilingual> = {
  cream: { en: 'cream', fr: 'crème' },
  ointment: { en: 'ointment', fr: 'pommade' },
  lotion: { en: 'lotion', fr: 'lotion' },
  gel: { en: 'gel', fr: 'gel' },
  foam: { en: 'foam', fr: 'mousse' },
  solution: { en: 'solution', fr: 'solution' },
  shampoo: { en: 'shampoo', fr: 'shampooing' },
  emulsion: { en: 'emulsion', fr: 'émulsion' },
  spray: { en: 'spray', fr: 'spray' },
  powder: { en: 'powder', fr: 'poudre' },
  paste: { en: 'paste', fr: 'pâte' },
  stick: { en: 'stick', fr: 'stick' },
  nail_lacquer: { en: 'nail lacquer', fr: 'vernis à ongles' },
  tablet: { en: 'tablet', fr: 'comprimé' },
  capsule: { en: 'capsule', fr: 'gélule' },
  oral_solution: { en: 'oral solution', fr: 'solution buvable' },
  prefilled_pen: { en: 'pre-filled pen', fr: 'stylo prérempli' },
};

export const ROUTE_LABELS: Record<AdministrationRoute, Bilingual> = {
  cutaneous: { en: 'on the skin', fr: 'voie cutanée' },
  oral: { en: 'by mouth', fr: 'voie orale' },
  subcutaneous: { en: 'injection under the skin', fr: 'voie sous-cutanée' },
};

export const FormularyProductSchema = z
  .object({
    code: z.string(),
    category: z.enum(FORMULARY_CATEGORIES),
    name: z.object({ en: z.string(), fr: z.string() }),
    strength: z.string(),
    form: z.enum(DOSAGE_FORMS),
    route: z.enum(ROUTES),
    potency: z.enum(POTENCIES).nullable(),
    /** Longest duration one prescription may cover (teratogenic retinoids: 30 days). */
    maxDurationDays: z.number().int().nullable(),
    renewable: z.boolean(),
  })
  .meta({ id: 'FormularyProduct' });
export type FormularyProduct = z.infer<typeof FormularyProductSchema>;

export const FormularySearchQuerySchema = z.object({
  q: z.string().trim().max(80).default(''),
  lang: z.enum(['fr', 'en']).optional(),
});
export const FormularySearchResultSchema = z.object({ products: z.array(FormularyProductSchema) }).meta({ id: 'FormularySearchResult' });
export type FormularySearchResult = z.infer<typeof FormularySearchResultSchema>;

export const MAX_ITEMS = 12;
export const MAX_RENEWALS = 11;
export const MAX_DURATION_DAYS = 365;

/** One line the dermatologist writes. */
export const PrescriptionItemInputSchema = z.object({
  productCode: z.string().trim().min(1, 'prescriptions.productRequired').max(120),
  dosage: z.string().trim().min(3, 'prescriptions.dosageRequired').max(500, 'prescriptions.dosageTooLong'),
  durationDays: z.number({ error: 'prescriptions.durationRequired' }).int('prescriptions.durationRequired').min(1, 'prescriptions.durationRequired').max(MAX_DURATION_DAYS, 'prescriptions.durationTooLong'),
  quantity: z.number({ error: 'prescriptions.quantityRequired' }).int('prescriptions.quantityRequired').min(1, 'prescriptions.quantityRequired').max(99, 'prescriptions.quantityTooLarge'),
  renewals: z.number().int().min(0).max(MAX_RENEWALS, 'prescriptions.tooManyRenewals').default(0),
});
export type PrescriptionItemInput = z.infer<typeof PrescriptionItemInputSchema>;

export const CreatePrescriptionBodySchema = z
  .object({
    items: z.array(PrescriptionItemInputSchema).min(1, 'prescriptions.itemsRequired').max(MAX_ITEMS, 'prescriptions.tooManyItems'),
  })
  .meta({ id: 'CreatePrescriptionBody' });
export type CreatePrescriptionBody = z.infer<typeof CreatePrescriptionBodySchema>;

/** A signed item: the formulary product as it was when signed, and what was written. */
export const PrescriptionItemSchema = z.object({
  productCode: z.string(),
  name: z.object({ en: z.string(), fr: z.string() }),
  strength: z.string(),
  form: z.enum(DOSAGE_FORMS),
  route: z.enum(ROUTES),
  dosage: z.string(),
  durationDays: z.number().int(),
  quantity: z.number().int(),
  renewals: z.number().int(),
});
export type PrescriptionItem = z.infer<typeof PrescriptionItemSchema>;

export const PrescriberSchema = z.object({
  name: z.string(),
  /** RPPS (France) or GMC (UK) number. */
  professionalId: z.string().nullable(),
  professionalIdKind: z.enum(['rpps', 'gmc']).nullable(),
  service: z.string(),
});
export type Prescriber = z.infer<typeof PrescriberSchema>;

export const PrescriptionSchema = z
  .object({
    id: z.uuid(),
    appointmentId: z.uuid(),
    issuedAt: z.iso.datetime(),
    prescriber: PrescriberSchema,
    items: z.array(PrescriptionItemSchema),
    /** The verification code the QR code carries (prescription id + signature, base64url). */
    code: z.string(),
    dispensedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Prescription' });
export type Prescription = z.infer<typeof PrescriptionSchema>;

export const PrescriptionListSchema = z.object({ prescriptions: z.array(PrescriptionSchema) }).meta({ id: 'PrescriptionList' });
export type PrescriptionList = z.infer<typeof PrescriptionListSchema>;

export const AppointmentIdParamsSchema = z.object({ appointmentId: z.uuid() });
export const PrescriptionIdParamsSchema = z.object({ prescriptionId: z.uuid() });
export const PrescriptionPdfQuerySchema = z.object({ lang: z.enum(['fr', 'en']).optional() });
/** The code is checked by the domain function, so that a malformed one gets its own clear refusal. */
export const VerificationCodeParamsSchema = z.object({ code: z.string().max(400) });

/** What anyone holding the code learns: never patient data. */
export const VerificationSchema = z
  .object({
    authentic: z.literal(true),
    prescriptionId: z.uuid(),
    issuedAt: z.iso.datetime(),
    prescriber: PrescriberSchema,
    dispensed: z.object({ at: z.iso.datetime(), pharmacy: z.string().nullable() }).nullable(),
    signingKeyId: z.string(),
    /** Only for a signed-in pharmacist: the items, and enough to check the person's identity. */
    forPharmacist: z
      .object({
        items: z.array(PrescriptionItemSchema),
        patientInitials: z.string(),
        patientBirthYear: z.number().int(),
      })
      .nullable(),
  })
  .meta({ id: 'PrescriptionVerification' });
export type Verification = z.infer<typeof VerificationSchema>;

/** Refusal codes of the verification (problem+json `code`), each with its own message. */
export const VERIFICATION_REFUSALS = ['prescription_code_malformed', 'prescription_unknown', 'prescription_not_authentic'] as const;
