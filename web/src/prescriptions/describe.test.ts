// What a pharmacist pastes becomes a code; items become plain sentences for the patient.
import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PrescriptionItem } from '../../../contracts/prescriptions/index.ts';
import en from '../i18n/locales/en/prescriptions.json' with { type: 'json' };
import fr from '../i18n/locales/fr/prescriptions.json' with { type: 'json' };
import { codeFromInput } from './api.ts';
import { plainSentences, productLine } from './describe.ts';

const code = `A${'b'.repeat(106)}_`;
const item: PrescriptionItem = { productCode: 'urea-10pct-cream', name: { en: 'Urea', fr: 'Urée' }, strength: '10%', form: 'cream', route: 'cutaneous', dosage: 'Twice a day', durationDays: 1, quantity: 3, renewals: 2 };

beforeAll(async () => {
  await i18n.init({ lng: 'en', resources: { en: { prescriptions: en }, fr: { prescriptions: fr } }, interpolation: { escapeValue: false } });
});

describe('codeFromInput', () => {
  it('takes the code out of a pasted address, or keeps a bare code, without spaces', () => {
    expect(codeFromInput(`https://dermlink.example/verify/${code}`)).toBe(code);
    expect(codeFromInput(`  /verify/${code}?utm=x `)).toBe(code);
    expect(codeFromInput(` ${code.slice(0, 50)} ${code.slice(50)} `)).toBe(code);
  });
});

describe('plain sentences', () => {
  it('say how long, how many and the renewals, with plurals, in both languages', async () => {
    await i18n.changeLanguage('en');
    const tEn = i18n.getFixedT('en', 'prescriptions');
    expect(plainSentences(item, tEn)).toEqual(['Use it for 1 day.', 'The pharmacy gives you 3 boxes, tubes or bottles.', 'You can get it 2 more times with this prescription.']);
    expect(plainSentences({ ...item, renewals: 0, quantity: 1, durationDays: 14 }, tEn)).toEqual([
      'Use it for 14 days.',
      'The pharmacy gives you 1 box, tube or bottle.',
      'You cannot get it again with this prescription.',
    ]);
    const tFr = i18n.getFixedT('fr', 'prescriptions');
    expect(plainSentences(item, tFr)[0]).toBe('À utiliser pendant 1 jour.');
    expect(productLine(item, 'fr')).toBe('Urée 10%, crème');
  });
});
