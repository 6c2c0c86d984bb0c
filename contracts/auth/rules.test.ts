import { describe, expect, it } from 'vitest';
import { isValidProfessionalId, localPasswordProblem, normaliseProfessionalId, SixDigitCodeSchema } from './rules.ts';

describe('professional identifiers', () => {
  it('checks RPPS (FR, 11 digits) and GMC (GB, 7 digits) by country', () => {
    expect(isValidProfessionalId('FR', '10001234565')).toBe(true);
    expect(isValidProfessionalId('FR', '100 0123 4565')).toBe(true);
    expect(isValidProfessionalId('FR', '10001234567')).toBe(false); // wrong Luhn check digit
    expect(isValidProfessionalId('FR', '1234567')).toBe(false);
    expect(isValidProfessionalId('GB', '1234567')).toBe(true);
    expect(isValidProfessionalId('GB', '10001234567')).toBe(false);
    expect(isValidProfessionalId('GB', '12345a7')).toBe(false);
    expect(normaliseProfessionalId('123-45.67')).toBe('1234567');
  });
});

describe('password rules the browser can check', () => {
  it('names the broken rule', () => {
    expect(localPasswordProblem('short')).toBe('too_short');
    expect(localPasswordProblem('x'.repeat(201))).toBe('too_long');
    expect(localPasswordProblem('claire.martin-2026!', 'claire.martin@example.org')).toBe('contains_email');
    expect(localPasswordProblem('a long enough passphrase')).toBeNull();
  });
});

describe('codes', () => {
  it('accepts six digits with spaces, nothing else', () => {
    expect(SixDigitCodeSchema.parse(' 123 456 ')).toBe('123456');
    expect(SixDigitCodeSchema.safeParse('12345').success).toBe(false);
    expect(SixDigitCodeSchema.safeParse('12345a').success).toBe(false);
  });
});
