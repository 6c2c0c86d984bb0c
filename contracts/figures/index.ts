// The network's figures for the coordinator: a period (and optionally one
// dermatology service), counted from the cases submitted within it.
import { z } from 'zod';
import { TRIAGE_OUTCOMES } from '../clinical/triage.ts';

export const FiguresQuerySchema = z.object({
  /** First day (YYYY-MM-DD, in the network's time zone) included; default: 30 days before `to`. */
  from: z.iso.date().optional(),
  /** Last day (YYYY-MM-DD, in the network's time zone) included; default: today there. */
  to: z.iso.date().optional(),
  serviceId: z.uuid().optional(),
});
export type FiguresQuery = z.infer<typeof FiguresQuerySchema>;

export const OutcomeCountSchema = z.object({ outcome: z.enum(TRIAGE_OUTCOMES), count: z.number().int() });

export const FiguresSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  serviceId: z.uuid().nullable(),
  services: z.array(z.object({ id: z.uuid(), name: z.string() })),
  received: z.number().int(),
  answered: z.number().int(),
  withdrawn: z.number().int(),
  /** Hours from submission to signed answer, clock pauses (questions to the requester) left out; null with no answer. */
  medianHoursToAnswer: z.number().nullable(),
  p90HoursToAnswer: z.number().nullable(),
  answeredWithinDeadline: z.number().int(),
  answeredWithin48h: z.number().int(),
  /** Shares of answered cases, 0..1; null with no answer. */
  shareWithinDeadline: z.number().nullable(),
  shareWithin48h: z.number().nullable(),
  /** Open cases past their deadline now (clock not paused), whatever their submission date. */
  overdueNow: z.number().int(),
  outcomes: z.array(OutcomeCountSchema),
  /** Answers managed without a face-to-face visit (advice only). */
  managedWithoutVisit: z.number().int(),
  photos: z.object({
    total: z.number().int(),
    refused: z.number().int(),
    /** Photos beyond the first of the same tag (overview, close-up, dermoscopy) on a case. */
    retaken: z.number().int(),
    /** Photos the pipeline found to be a near copy of another photo of the case. */
    duplicates: z.number().int(),
  }),
  activeRequesters: z.number().int(),
  activeDermatologists: z.number().int(),
});
export type Figures = z.infer<typeof FiguresSchema>;
