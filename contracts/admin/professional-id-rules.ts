// Professional identifiers by country, without zod, so that the sign-in pages
// can check them as people type without loading a schema library.
// France: RPPS, 11 digits whose last digit is a Luhn check digit.
// United Kingdom: GMC reference number, 7 digits (no check digit).
export type ProfessionalIdCountry = 'FR' | 'GB';

export type ProfessionalIdProblem = 'format' | 'checksum';
export type ProfessionalIdResult = { ok: true; value: string } | { ok: false; problem: ProfessionalIdProblem };

/** What people type: spaces, dots and dashes are tolerated and removed. */
export function normaliseProfessionalId(input: string): string {
  return input.replace(/[\s.-]/g, '');
}

/** Luhn (mod 10) over a string of digits, check digit included. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
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

export function checkProfessionalId(country: ProfessionalIdCountry, input: string): ProfessionalIdResult {
  const value = normaliseProfessionalId(input);
  if (country === 'FR') {
    if (!/^\d{11}$/.test(value)) return { ok: false, problem: 'format' };
    if (!luhnValid(value)) return { ok: false, problem: 'checksum' };
    return { ok: true, value };
  }
  if (!/^\d{7}$/.test(value)) return { ok: false, problem: 'format' };
  return { ok: true, value };
}

