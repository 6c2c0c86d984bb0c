// Weighted 7-point checklist for pigmented lesions (NICE NG12, recommendation 1.7.2).
// The score only suggests a pathway: the clinician still decides.
import { z } from 'zod';

export const SevenPointAnswersSchema = z.object({
  changeInSize: z.boolean(),
  irregularShape: z.boolean(),
  irregularColour: z.boolean(),
  diameter7mmOrMore: z.boolean(),
  inflammation: z.boolean(),
  oozingOrCrusting: z.boolean(),
  changeInSensation: z.boolean(),
});

export type SevenPointAnswers = z.infer<typeof SevenPointAnswersSchema>;
export type SevenPointItemId = keyof SevenPointAnswers;

export type SevenPointItem = {
  readonly id: SevenPointItemId;
  readonly kind: 'major' | 'minor';
  readonly weight: 1 | 2;
  readonly labelKey: string;
};

export const SEVEN_POINT_ITEMS: readonly SevenPointItem[] = [
  { id: 'changeInSize', kind: 'major', weight: 2, labelKey: 'clinical.sevenPoint.changeInSize' },
  { id: 'irregularShape', kind: 'major', weight: 2, labelKey: 'clinical.sevenPoint.irregularShape' },
  { id: 'irregularColour', kind: 'major', weight: 2, labelKey: 'clinical.sevenPoint.irregularColour' },
  { id: 'diameter7mmOrMore', kind: 'minor', weight: 1, labelKey: 'clinical.sevenPoint.diameter7mmOrMore' },
  { id: 'inflammation', kind: 'minor', weight: 1, labelKey: 'clinical.sevenPoint.inflammation' },
  { id: 'oozingOrCrusting', kind: 'minor', weight: 1, labelKey: 'clinical.sevenPoint.oozingOrCrusting' },
  // Includes itch, as NG12 words it.
  { id: 'changeInSensation', kind: 'minor', weight: 1, labelKey: 'clinical.sevenPoint.changeInSensation' },
];

export const SEVEN_POINT_MAX_SCORE = 10;
export const SEVEN_POINT_SUSPECTED_CANCER_THRESHOLD = 3;

export function sevenPointScore(answers: SevenPointAnswers): number {
  let score = 0;
  for (const item of SEVEN_POINT_ITEMS) {
    if (answers[item.id]) score += item.weight;
  }
  return score;
}

export function suggestsSuspectedCancer(score: number): boolean {
  return score >= SEVEN_POINT_SUSPECTED_CANCER_THRESHOLD;
}
