// Turns the server's structured timeline steps into plain sentences (i18n keys
// in the `patient` namespace), with dates as people say them (Intl).
import type { TimelineStep, TimelineStepKind } from '../../../contracts/patient/index.ts';
import { TIMELINE_STEP_KINDS } from '../../../contracts/patient/index.ts';

export const STEP_KEYS: Record<TimelineStepKind, string> = Object.fromEntries(TIMELINE_STEP_KINDS.map((k) => [k, `timeline.${k}`])) as Record<TimelineStepKind, string>;

/** "3 March" (this year) or "3 March 2025", in the language. */
export function spokenDate(iso: string, lang: string, now = new Date()): string {
  const d = new Date(iso);
  const sameYear = d.getFullYear() === now.getFullYear();
  // British English says "3 March" (en-US would say "March 3").
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }) }).format(d);
}

type T = (key: string, options?: Record<string, unknown>) => string;

export function stepSentences(step: TimelineStep, t: T, lang: string): { sentence: string; when: string; expected: string | null } {
  const date = spokenDate(step.date, lang);
  const sentence = t(STEP_KEYS[step.kind], { date });
  const expected = step.params.expectedBy ? t('timeline.expectedBy', { date: spokenDate(step.params.expectedBy, lang) }) : null;
  return { sentence, when: t('timeline.on', { date }), expected };
}
