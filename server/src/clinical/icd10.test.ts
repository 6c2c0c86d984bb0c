import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ICD10_DERM_ENTRIES, foldForSearch, icd10Entry, searchIcd10 } from './icd10.ts';

const EntrySchema = z.strictObject({
  code: z.string().regex(/^[A-Z]\d{2}(\.\d)?$/),
  en: z.string().min(3),
  fr: z.string().min(3),
  synonyms: z
    .strictObject({ en: z.array(z.string().min(2)).optional(), fr: z.array(z.string().min(2)).optional() })
    .optional(),
});

const codes = (results: { code: string }[]) => results.map((r) => r.code);

describe('ICD-10 dermatology data', () => {
  it('has at least 320 well-formed entries with unique codes', () => {
    expect(ICD10_DERM_ENTRIES.length).toBeGreaterThanOrEqual(320);
    for (const entry of ICD10_DERM_ENTRIES) expect(EntrySchema.safeParse(entry).success, entry.code).toBe(true);
    expect(new Set(ICD10_DERM_ENTRIES.map((e) => e.code)).size).toBe(ICD10_DERM_ENTRIES.length);
  });

  it('covers chapter XII and the skin neoplasms', () => {
    const all = new Set(ICD10_DERM_ENTRIES.map((e) => e.code));
    for (const code of ['L00', 'L20', 'L40', 'L57.0', 'L82', 'L98.9', 'C43.9', 'C44.3', 'D03.5', 'D04', 'D22.5', 'D23.9', 'D18.0', 'B07', 'B35.1', 'B36.0', 'B00', 'B02']) {
      expect(all.has(code), code).toBe(true);
    }
    expect(ICD10_DERM_ENTRIES.filter((e) => e.code.startsWith('L')).length).toBeGreaterThan(300);
  });

  it('looks entries up by code', () => {
    expect(icd10Entry('l40.0')?.en).toBe('Psoriasis vulgaris');
    expect(icd10Entry('L40.0')?.fr).toBe('Psoriasis vulgaire');
    expect(icd10Entry('X99')).toBeUndefined();
  });
});

describe('searchIcd10', () => {
  it('finds melanoma codes by code', () => {
    const results = searchIcd10('C43', 'en');
    expect(results[0]).toEqual({ code: 'C43', label: 'Malignant melanoma of skin' });
    expect(codes(results)).toEqual(['C43', 'C43.0', 'C43.1', 'C43.2', 'C43.3', 'C43.4', 'C43.5', 'C43.6', 'C43.7', 'C43.8', 'C43.9']);
  });

  it('ranks an exact code above codes it prefixes, in any case and with or without the dot', () => {
    expect(codes(searchIcd10('l40.5', 'en'))).toEqual(['L40.5']);
    expect(codes(searchIcd10('L405', 'fr'))).toEqual(['L40.5']);
    const psoriasis = searchIcd10('L40', 'en');
    expect(psoriasis[0]).toEqual({ code: 'L40', label: 'Psoriasis' });
    expect(psoriasis.every((r) => r.code.startsWith('L40'))).toBe(true);
    expect(psoriasis).toContainEqual({ code: 'L40.0', label: 'Psoriasis vulgaris' });
  });

  it('matches French labels with or without accents', () => {
    for (const query of ['mélanome', 'melanome', 'MÉLANOME', 'Melanome']) {
      const results = searchIcd10(query, 'fr', 50);
      expect(results[0], query).toEqual({ code: 'C43', label: 'Mélanome malin de la peau' });
      expect(codes(results)).toContain('D03.9');
    }
  });

  it('matches English labels', () => {
    const results = searchIcd10('melanoma', 'en', 50);
    expect(results[0]?.code).toBe('C43');
    expect(codes(results)).toEqual(expect.arrayContaining(['C43.5', 'D03', 'D03.5']));
    expect(codes(searchIcd10('Malignant melanoma trunk', 'en'))).toEqual(['C43.5']);
  });

  it('falls back to the other language after its own matches', () => {
    const results = searchIcd10('melanoma', 'fr', 3);
    expect(results[0]).toEqual({ code: 'C43', label: 'Mélanome malin de la peau', synonym: 'Malignant melanoma of skin' });
  });

  it('ranks label word starts above substrings', () => {
    const results = codes(searchIcd10('psoriasis', 'en', 50));
    expect(results[0]).toBe('L40');
    const lastWordStart = results.lastIndexOf('L40.9');
    const firstParapsoriasis = results.indexOf('L41');
    expect(firstParapsoriasis).toBeGreaterThan(lastWordStart);
  });

  it('requires every query word', () => {
    expect(codes(searchIcd10('lichen plan bulleux', 'fr'))).toEqual(['L43.1']);
    expect(codes(searchIcd10('contact metals', 'en'))).toEqual(['L23.0']);
  });

  it('finds everyday names through synonyms', () => {
    expect(searchIcd10('basal cell carcinoma', 'en')[0]).toEqual({
      code: 'C44',
      label: 'Other malignant neoplasms of skin',
      synonym: 'basal cell carcinoma',
    });
    expect(searchIcd10('carcinome basocellulaire', 'fr')[0]?.code).toBe('C44');
    expect(searchIcd10('grain de beaute', 'fr')[0]?.code).toBe('D22');
    expect(searchIcd10('shingles', 'en')[0]?.code).toBe('B02');
  });

  it('folds ligatures', () => {
    expect(foldForSearch('Œdème')).toBe('oedeme');
    expect(codes(searchIcd10('oedeme', 'fr'))).toContain('T78.3');
  });

  it('honours the limit and ignores empty queries', () => {
    expect(searchIcd10('skin', 'en')).toHaveLength(20);
    expect(searchIcd10('skin', 'en', 5)).toHaveLength(5);
    expect(searchIcd10('   ', 'en')).toEqual([]);
    expect(searchIcd10('zzzz', 'en')).toEqual([]);
  });
});
