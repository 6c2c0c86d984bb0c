// The structured tele-expertise request, version 1. Drafts are lenient (any
// subset, saved as typed); submission is strict where it matters clinically:
// reason, body site, question, urgency, and the complete 7-point checklist for
// a pigmented lesion. Submitted cases store REQUEST_SCHEMA_VERSION beside the
// request so that later versions can still read old cases.
import { z } from 'zod';
import { SevenPointAnswersSchema } from '../clinical/seven-point.ts';
import { BodySiteIdSchema, FitzpatrickPhototypeSchema, RequestReasonSchema, UrgencySchema } from '../clinical/triage.ts';

export const REQUEST_SCHEMA_VERSION = 1 as const;

export const LateralitySchema = z.enum(['left', 'right', 'midline']);
export const BodyMapViewSchema = z.enum(['front', 'back']);
export const DurationUnitSchema = z.enum(['days', 'weeks', 'months', 'years']);
export const EvolutionSchema = z.enum(['new', 'changing', 'stable']);

const text = (max: number) => z.string().trim().max(max);

export const BodySiteV1Schema = z.object({
  site: BodySiteIdSchema,
  laterality: LateralitySchema.optional(),
  view: BodyMapViewSchema.optional(),
  /** Free precision, e.g. "2 cm above the umbilicus". */
  detail: text(200).optional(),
});

export const DurationV1Schema = z.object({
  value: z.number().int().min(0).max(1200),
  unit: DurationUnitSchema,
});

export const SymptomsV1Schema = z.object({
  itch: z.boolean(),
  bleeding: z.boolean(),
  pain: z.boolean(),
});

/** The submitted request (strict). */
export const RequestV1Schema = z
  .object({
    reason: RequestReasonSchema,
    /** Required when reason is 'other'. */
    reasonOther: text(200).optional(),
    bodySite: BodySiteV1Schema,
    duration: DurationV1Schema.optional(),
    evolution: EvolutionSchema.optional(),
    symptoms: SymptomsV1Schema.partial().optional(),
    personalHistorySkinCancer: z.boolean().optional(),
    familyHistorySkinCancer: z.boolean().optional(),
    immunosuppressed: z.boolean().optional(),
    phototype: FitzpatrickPhototypeSchema.optional(),
    treatments: text(2000).optional(),
    allergies: text(1000).optional(),
    /** Other relevant history, free text. */
    history: text(4000).optional(),
    question: text(4000).min(1, 'cases.request.questionRequired'),
    urgency: UrgencySchema,
    pigmented: z.boolean().default(false),
    /** Required and complete when pigmented. */
    sevenPoint: SevenPointAnswersSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.pigmented && !value.sevenPoint) {
      ctx.addIssue({ code: 'custom', path: ['sevenPoint'], message: 'cases.request.sevenPointRequired' });
    }
    if (value.reason === 'other' && !value.reasonOther) {
      ctx.addIssue({ code: 'custom', path: ['reasonOther'], message: 'cases.request.reasonOtherRequired' });
    }
  })
  .meta({ id: 'RequestV1' });
export type RequestV1 = z.infer<typeof RequestV1Schema>;

/** A draft: any subset, every value nullable (cleared fields). Values that are present are still type-checked. */
export const RequestDraftV1Schema = z
  .object({
    reason: RequestReasonSchema.nullable(),
    reasonOther: text(200).nullable(),
    bodySite: BodySiteV1Schema.partial().nullable(),
    duration: DurationV1Schema.partial().nullable(),
    evolution: EvolutionSchema.nullable(),
    symptoms: SymptomsV1Schema.partial().nullable(),
    personalHistorySkinCancer: z.boolean().nullable(),
    familyHistorySkinCancer: z.boolean().nullable(),
    immunosuppressed: z.boolean().nullable(),
    phototype: FitzpatrickPhototypeSchema.nullable(),
    treatments: text(2000).nullable(),
    allergies: text(1000).nullable(),
    history: text(4000).nullable(),
    question: text(4000).nullable(),
    urgency: UrgencySchema.nullable(),
    pigmented: z.boolean().nullable(),
    sevenPoint: SevenPointAnswersSchema.partial().nullable(),
  })
  .partial()
  .meta({ id: 'RequestDraftV1' });
export type RequestDraftV1 = z.infer<typeof RequestDraftV1Schema>;

/** Drop nulls (cleared fields) so a draft can be checked against the strict schema. */
export function draftToCandidate(draft: RequestDraftV1): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(draft)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'object' && !Array.isArray(value)) {
      const inner = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
      out[key] = inner;
    } else out[key] = value;
  }
  return out;
}
