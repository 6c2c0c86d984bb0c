// Every step kind the server can send has a plain sentence in English and in
// French, and every outcome a plain next step.
import { describe, expect, it } from 'vitest';
import { TIMELINE_STEP_KINDS } from '../../../contracts/patient/index.ts';
import { TRIAGE_OUTCOMES } from '../../../contracts/clinical/triage.ts';
import en from '../i18n/locales/en/patient.json' with { type: 'json' };
import fr from '../i18n/locales/fr/patient.json' with { type: 'json' };
import { spokenDate, STEP_KEYS, stepSentences } from './timeline.ts';

const lookup = (dict: Record<string, unknown>) => (key: string, options?: Record<string, unknown>) => {
  const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], dict);
  if (typeof value !== 'string') throw new Error(`missing ${key}`);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options?.[name] ?? ''));
};

describe('timeline sentences', () => {
  for (const [lang, dict] of [['en', en], ['fr', fr]] as const) {
    it.each(TIMELINE_STEP_KINDS)(`${lang}: %s has a short sentence`, (kind) => {
      const text = lookup(dict)(STEP_KEYS[kind], { date: 'X' });
      expect(text.length).toBeGreaterThan(10);
      expect(text.length).toBeLessThan(90);
    });
    it.each(TRIAGE_OUTCOMES)(`${lang}: next step for %s`, (outcome) => {
      expect(lookup(dict)(`nextStep.${outcome}`)).toMatch(/\.$/);
    });
  }

  it('says dates as people do, with the expected date while waiting', () => {
    const s = stepSentences({ kind: 'sent', date: '2026-03-03T09:00:00Z', params: { expectedBy: '2026-03-10T09:00:00Z' } }, lookup(en), 'en');
    expect(s.sentence).toBe('Your doctor sent your photos to a skin specialist on 3 March.');
    expect(s.expected).toBe('You will hear from us by 10 March.');
    const f = stepSentences({ kind: 'sent', date: '2026-03-03T09:00:00Z', params: {} }, lookup(fr), 'fr');
    expect(f.sentence).toBe('Votre médecin a envoyé vos photos à un spécialiste de la peau le 3 mars.');
    expect(f.expected).toBeNull();
    expect(spokenDate('2025-03-03T09:00:00Z', 'en', new Date('2026-01-01'))).toBe('3 March 2025');
  });
});
