import { describe, expect, it } from 'vitest';
import {
  SEVEN_POINT_ITEMS,
  SEVEN_POINT_MAX_SCORE,
  SevenPointAnswersSchema,
  sevenPointScore,
  suggestsSuspectedCancer,
  type SevenPointAnswers,
} from './seven-point.ts';

const none: SevenPointAnswers = {
  changeInSize: false,
  irregularShape: false,
  irregularColour: false,
  diameter7mmOrMore: false,
  inflammation: false,
  oozingOrCrusting: false,
  changeInSensation: false,
};

describe('seven-point checklist', () => {
  it('lists three major items of weight 2 and four minor items of weight 1', () => {
    expect(SEVEN_POINT_ITEMS.filter((i) => i.kind === 'major').map((i) => i.weight)).toEqual([2, 2, 2]);
    expect(SEVEN_POINT_ITEMS.filter((i) => i.kind === 'minor').map((i) => i.weight)).toEqual([1, 1, 1, 1]);
    expect(SEVEN_POINT_ITEMS.every((i) => i.labelKey === `clinical.sevenPoint.${i.id}`)).toBe(true);
  });

  it('scores nothing as 0 and everything as 10', () => {
    expect(sevenPointScore(none)).toBe(0);
    const all = Object.fromEntries(Object.keys(none).map((k) => [k, true])) as SevenPointAnswers;
    expect(sevenPointScore(all)).toBe(SEVEN_POINT_MAX_SCORE);
  });

  it('weights major and minor features', () => {
    expect(sevenPointScore({ ...none, irregularColour: true })).toBe(2);
    expect(sevenPointScore({ ...none, inflammation: true })).toBe(1);
    expect(sevenPointScore({ ...none, changeInSize: true, changeInSensation: true })).toBe(3);
  });

  it('suggests the suspected-cancer pathway from 3 points', () => {
    expect(suggestsSuspectedCancer(2)).toBe(false);
    expect(suggestsSuspectedCancer(3)).toBe(true);
    expect(suggestsSuspectedCancer(sevenPointScore({ ...none, diameter7mmOrMore: true, inflammation: true, oozingOrCrusting: true }))).toBe(true);
    expect(suggestsSuspectedCancer(sevenPointScore({ ...none, irregularShape: true }))).toBe(false);
  });

  it('validates answers: all seven booleans required', () => {
    expect(SevenPointAnswersSchema.safeParse(none).success).toBe(true);
    const { changeInSize: _omitted, ...missing } = none;
    expect(SevenPointAnswersSchema.safeParse(missing).success).toBe(false);
    expect(SevenPointAnswersSchema.safeParse({ ...none, inflammation: 'yes' }).success).toBe(false);
  });
});
