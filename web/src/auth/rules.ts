// The password and professional-identifier rules the pages check as people
// type. They mirror contracts/auth/rules.ts (rules.test.ts keeps them equal)
// without importing it: that module builds zod schemas at load time, and zod
// would weigh ~30 KiB gz on the sign-in pages of a GP's phone.
import type { Country, PasswordRule } from '../../../contracts/auth/rules.ts';

export type { Country, PasswordRule };
export const PASSWORD_MIN_LENGTH = 12;
export const PROFESSIONAL_ID_PATTERNS: Record<Country, RegExp> = { FR: /^\d{11}$/, GB: /^\d{7}$/ };
export const PROFESSIONAL_ID_NAMES: Record<Country, string> = { FR: 'RPPS', GB: 'GMC' };
export const normaliseProfessionalId = (input: string) => input.replace(/[\s.-]/g, '');

/** RPPS numbers end with a Luhn check digit (mirrors contracts/admin/professional-id.ts). */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function professionalIdProblem(country: Country, input: string): 'format' | 'checksum' | null {
  const value = normaliseProfessionalId(input);
  if (!PROFESSIONAL_ID_PATTERNS[country].test(value)) return 'format';
  if (country === 'FR' && !luhnValid(value)) return 'checksum';
  return null;
}
