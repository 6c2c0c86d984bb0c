import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  formatNationalId,
  frenchInsKey,
  nationalIdSchema,
  refineNationalId,
  refineNationalIdPair,
  validateFrenchIns,
  validateNationalId,
  validateNhsNumber,
} from './national-id.ts';

// Keys computed as 97 - (13-digit number mod 97), checked independently with Python big integers.
describe('French NIR / INS', () => {
  it('accepts valid numbers, with or without separators', () => {
    expect(validateFrenchIns('269054958815780')).toEqual({ ok: true, normalised: '269054958815780' });
    expect(validateFrenchIns('2 69 05 49 588 157 80')).toEqual({ ok: true, normalised: '269054958815780' });
    expect(validateFrenchIns('1-85-05-78-006-084-91')).toEqual({ ok: true, normalised: '185057800608491' });
  });

  it('computes Corsican keys with 2A as 19 and 2B as 18', () => {
    // 1 85 05 2A 006 084: 1850519006084 mod 97 = 62, key 35
    expect(frenchInsKey('185052A006084')).toBe('35');
    expect(validateFrenchIns('1 85 05 2A 006 084 35')).toEqual({ ok: true, normalised: '185052A00608435' });
    expect(validateFrenchIns('185052a00608435')).toEqual({ ok: true, normalised: '185052A00608435' });
    // Same digits with 2B: 1850518006084 -> key 62
    expect(validateFrenchIns('185052B00608462')).toEqual({ ok: true, normalised: '185052B00608462' });
    expect(validateFrenchIns('278112B05000286').ok).toBe(true);
    // Swapping the department letter must break the key.
    expect(validateFrenchIns('185052B00608435')).toEqual({ ok: false, reason: 'checksum' });
    expect(validateFrenchIns('185052A00608462')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('accepts provisional numbers and INSEE unknown-month codes', () => {
    expect(validateFrenchIns('799109912304594').ok).toBe(true); // sex 7, month 10, born abroad (99)
    expect(validateFrenchIns('287502012300163').ok).toBe(true); // month 50
  });

  it('rejects a wrong key', () => {
    expect(validateFrenchIns('269054958815781')).toEqual({ ok: false, reason: 'checksum' });
    expect(validateFrenchIns('185057800608419')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('rejects malformed numbers', () => {
    const format = { ok: false, reason: 'format' };
    expect(validateFrenchIns('')).toEqual(format);
    expect(validateFrenchIns('26905495881578')).toEqual(format); // 14 chars
    expect(validateFrenchIns('2690549588157800')).toEqual(format); // 16 chars
    expect(validateFrenchIns('569054958815780')).toEqual(format); // sex digit 5
    expect(validateFrenchIns('069054958815780')).toEqual(format); // sex digit 0
    expect(validateFrenchIns('269004958815780')).toEqual(format); // month 00
    expect(validateFrenchIns('269134958815780')).toEqual(format); // month 13
    expect(validateFrenchIns('269454958815780')).toEqual(format); // month 45
    expect(validateFrenchIns('185052C00608435')).toEqual(format); // department 2C
    expect(validateFrenchIns('18505A200608435')).toEqual(format); // letter misplaced
    expect(validateFrenchIns('269050058815780')).toEqual(format); // department 00
    expect(validateFrenchIns('269054958800080')).toEqual(format); // order number 000
    expect(validateFrenchIns('2690549588157AB')).toEqual(format);
  });
});

describe('NHS number', () => {
  it('accepts the classic example 943 476 5919 in any common spelling', () => {
    // 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299; 299 mod 11 = 2; 11 - 2 = 9
    expect(validateNhsNumber('9434765919')).toEqual({ ok: true, normalised: '9434765919' });
    expect(validateNhsNumber('943 476 5919')).toEqual({ ok: true, normalised: '9434765919' });
    expect(validateNhsNumber('943-476-5919')).toEqual({ ok: true, normalised: '9434765919' });
    expect(validateNhsNumber(' 943 476 5919 ')).toEqual({ ok: true, normalised: '9434765919' });
  });

  it('accepts other valid numbers, including check digit 0 (remainder 0)', () => {
    // 40+0+8+0+12+15+8+3+6 = 92; 92 mod 11 = 4; 11 - 4 = 7
    expect(validateNhsNumber('401 023 2137').ok).toBe(true);
    // 40+0+8+0+12+15+8+3+2 = 88; 88 mod 11 = 0; 11 -> 0
    expect(validateNhsNumber('401 023 2110').ok).toBe(true);
  });

  it('rejects a wrong check digit', () => {
    expect(validateNhsNumber('943 476 5918')).toEqual({ ok: false, reason: 'checksum' });
    expect(validateNhsNumber('943 476 5991')).toEqual({ ok: false, reason: 'checksum' }); // transposition
  });

  it('rejects numbers whose check digit would be 10', () => {
    // 123456789: sum 210, 210 mod 11 = 1, 11 - 1 = 10: no tenth digit can make it valid
    for (let digit = 0; digit <= 9; digit++) {
      expect(validateNhsNumber(`123456789${digit}`)).toEqual({ ok: false, reason: 'checksum' });
    }
  });

  it('rejects malformed input', () => {
    const format = { ok: false, reason: 'format' };
    expect(validateNhsNumber('943476591')).toEqual(format);
    expect(validateNhsNumber('94347659190')).toEqual(format);
    expect(validateNhsNumber('94347659A9')).toEqual(format);
    expect(validateNhsNumber('943/476/5919')).toEqual(format);
    expect(validateNhsNumber('')).toEqual(format);
  });
});

describe('dispatch, formatting and zod helpers', () => {
  it('dispatches by kind', () => {
    expect(validateNationalId('uk_nhs', '943 476 5919').ok).toBe(true);
    expect(validateNationalId('fr_ins', '943 476 5919').ok).toBe(false);
    expect(validateNationalId('fr_ins', '269054958815780').ok).toBe(true);
  });

  it('formats for display', () => {
    expect(formatNationalId('uk_nhs', '9434765919')).toBe('943 476 5919');
    expect(formatNationalId('fr_ins', '185052A00608435')).toBe('1 85 05 2A 006 084 35');
  });

  it('nationalIdSchema outputs the normalised value or an issue carrying the reason', () => {
    const schema = nationalIdSchema('uk_nhs');
    expect(schema.parse('943-476-5919')).toBe('9434765919');
    const failed = schema.safeParse('943 476 5918');
    expect(failed.success).toBe(false);
    expect(failed.error?.issues[0]?.message).toBe('clinical.nationalId.invalidChecksum');
  });

  it('refineNationalId works as a superRefine', () => {
    const schema = z.object({ nhsNumber: z.string().superRefine(refineNationalId('uk_nhs')) });
    expect(schema.safeParse({ nhsNumber: '943 476 5919' }).success).toBe(true);
    const failed = schema.safeParse({ nhsNumber: '12' });
    expect(failed.error?.issues[0]?.path).toEqual(['nhsNumber']);
    expect(failed.error?.issues[0]?.message).toBe('clinical.nationalId.invalidFormat');
  });

  it('refineNationalIdPair validates by the kind chosen in the same object', () => {
    const schema = z
      .object({ kind: z.enum(['fr_ins', 'uk_nhs']), value: z.string() })
      .superRefine(refineNationalIdPair());
    expect(schema.safeParse({ kind: 'fr_ins', value: '2 69 05 49 588 157 80' }).success).toBe(true);
    const failed = schema.safeParse({ kind: 'uk_nhs', value: '2 69 05 49 588 157 80' });
    expect(failed.error?.issues[0]?.path).toEqual(['value']);
  });
});
