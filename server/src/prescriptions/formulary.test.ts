// The formulary is data: its shape, size, coverage of the classes the issue
// names, unique codes, and the search the editor uses.
import { describe, expect, it } from 'vitest';
import { FORMULARY_CATEGORIES, FormularyProductSchema } from '../../../contracts/prescriptions/index.ts';
import { FORMULARY, formularyProduct } from './formulary-data.ts';
import { searchFormulary } from './formulary-search.ts';

describe('formulary', () => {
  it('has at least 100 products, each of the documented shape, with unique codes', () => {
    expect(FORMULARY.length).toBeGreaterThanOrEqual(100);
    for (const product of FORMULARY) {
      expect(() => FormularyProductSchema.parse(product), product.code).not.toThrow();
      expect(product.name.en.trim(), product.code).not.toBe('');
      expect(product.name.fr.trim(), product.code).not.toBe('');
      expect(product.code).toMatch(/^[a-z0-9._-]+$/);
    }
    expect(new Set(FORMULARY.map((p) => p.code)).size).toBe(FORMULARY.length);
  });

  it('covers every class, with corticosteroids of each potency', () => {
    for (const category of FORMULARY_CATEGORIES) expect(FORMULARY.some((p) => p.category === category), category).toBe(true);
    const potencies = new Set(FORMULARY.filter((p) => p.category === 'corticosteroid_topical').map((p) => p.potency));
    expect([...potencies].sort()).toEqual(['mild', 'moderate', 'potent', 'very_potent']);
    expect(FORMULARY.filter((p) => p.category !== 'corticosteroid_topical' && p.category !== 'psoriasis_topical').every((p) => p.potency === null || p.category === 'corticosteroid_topical')).toBe(true);
  });

  it('limits teratogenic retinoids to one month without renewal, and routes follow the form', () => {
    const isotretinoin = FORMULARY.filter((p) => p.category === 'retinoid_oral' && p.name.en === 'Isotretinoin');
    expect(isotretinoin.length).toBeGreaterThanOrEqual(3);
    for (const p of isotretinoin) expect(p).toMatchObject({ maxDurationDays: 30, renewable: false, route: 'oral' });
    expect(formularyProduct('tacrolimus-0.1pct-ointment')).toMatchObject({ route: 'cutaneous', name: { fr: 'Tacrolimus' } });
    expect(FORMULARY.find((p) => p.form === 'prefilled_pen')?.route).toBe('subcutaneous');
  });

  it('searches by name in the user’s language, ignoring accents and case, with strength and form words', () => {
    const fr = searchFormulary('clobetasol', 'fr');
    expect(fr.length).toBe(4);
    expect(fr.every((p) => p.name.fr === 'Propionate de clobétasol')).toBe(true);
    expect(searchFormulary('CLOBÉTASOL pommade', 'fr').map((p) => p.code)).toEqual(['clobetasol-propionate-0.05pct-ointment']);
    expect(searchFormulary('clobetasol ointment', 'en').map((p) => p.code)).toEqual(['clobetasol-propionate-0.05pct-ointment']);
    // "Propionate de..." in French, "Clobetasol..." in English: the English word order does not find the French name.
    expect(searchFormulary('isotretinoin 20', 'en').map((p) => p.code)).toEqual(['isotretinoin-20-mg-capsule']);
    expect(searchFormulary('gélule', 'fr').every((p) => p.form === 'capsule')).toBe(true);
    expect(searchFormulary('no such thing', 'en')).toEqual([]);
    // Names that start with the query come first.
    expect(searchFormulary('urea', 'en')[0]!.name.en).toBe('Urea');
  });
});
