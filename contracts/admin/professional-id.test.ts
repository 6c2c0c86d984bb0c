import { describe, expect, it } from 'vitest';
import { checkProfessionalId, luhnValid, professionalIdSchema } from './professional-id.ts';

describe('professional identifiers', () => {
  it('checks the Luhn digit', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('12a')).toBe(false);
  });

  it('accepts an 11-digit RPPS with a valid check digit, spaces tolerated', () => {
    expect(checkProfessionalId('FR', '10003 456 786')).toEqual({ ok: true, value: '10003456786' });
  });

  it('refuses an RPPS with a wrong check digit or length', () => {
    expect(checkProfessionalId('FR', '10003456785')).toEqual({ ok: false, problem: 'checksum' });
    expect(checkProfessionalId('FR', '1000345678')).toEqual({ ok: false, problem: 'format' });
    expect(checkProfessionalId('FR', '1000345678X')).toEqual({ ok: false, problem: 'format' });
  });

  it('accepts a 7-digit GMC number and refuses other lengths', () => {
    expect(checkProfessionalId('GB', '1234567')).toEqual({ ok: true, value: '1234567' });
    expect(checkProfessionalId('GB', '123456')).toEqual({ ok: false, problem: 'format' });
    expect(checkProfessionalId('GB', '12345678')).toEqual({ ok: false, problem: 'format' });
  });

  it('reports the problem as a translation key through zod', () => {
    const result = professionalIdSchema('FR').safeParse('10003456785');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('professionalId.checksum');
    expect(professionalIdSchema('GB').parse(' 123 4567 ')).toBe('1234567');
  });
});
