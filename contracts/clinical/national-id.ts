// National patient identifiers: the French NIR (which is also the INS matricule)
// and the UK NHS number. Only structure and check digits are verified here; whether
// the number belongs to the patient is the identity service's job.
import { z } from 'zod';

export const NationalIdKindSchema = z.enum(['fr_ins', 'uk_nhs']);
export type NationalIdKind = z.infer<typeof NationalIdKindSchema>;

export type NationalIdResult =
  | { ok: true; normalised: string }
  | { ok: false; reason: 'format' | 'checksum' };

// Separators people type or copy from cards and letters.
const SEPARATORS = /[\s.-]/g;

// Sex digit: 1/2 for a NIR, 3/4 and 7/8 for provisional and foreign-born numbers (NIA).
// Month: 01-12, or 20 and 30-42, 50-99 which INSEE assigns when the month is unknown;
// 21-29 are accepted too rather than rejecting a patient whose card is right.
// Department: two digits or 2A/2B (Corsica since 1976); 97x/98x spill over into the
// commune digits, which the plain digit pattern already covers.
const NIR_PATTERN = /^[1-478]\d{2}(?:0[1-9]|1[0-2]|[23]\d|4[0-2]|[5-9]\d)(?:\d{2}|2[AB])\d{6}\d{2}$/;

export function validateFrenchIns(input: string): NationalIdResult {
  const normalised = input.replace(SEPARATORS, '').toUpperCase();
  if (!NIR_PATTERN.test(normalised)) return { ok: false, reason: 'format' };
  const department = normalised.slice(5, 7);
  const orderNumber = normalised.slice(10, 13);
  if (department === '00' || orderNumber === '000') return { ok: false, reason: 'format' };

  if (normalised.slice(13, 15) !== frenchInsKey(normalised.slice(0, 13))) return { ok: false, reason: 'checksum' };
  return { ok: true, normalised };
}

// Digit by digit, so the arithmetic never leaves exact integer range.
function modulo97(digits: string): number {
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder;
}

// The key is computed on a number: Corsican department 2A counts as 19 and 2B as 18.
export function frenchInsKey(first13: string): string {
  const department = first13.slice(5, 7).toUpperCase();
  const numericDepartment = department === '2A' ? '19' : department === '2B' ? '18' : department;
  const numericPart = first13.slice(0, 5) + numericDepartment + first13.slice(7, 13);
  return String(97 - modulo97(numericPart)).padStart(2, '0');
}

// NHS Digital modulus 11: weights 10..2 on the first nine digits; 11 - (sum mod 11)
// is the check digit, 11 means 0 and 10 means the number can never be valid.
export function validateNhsNumber(input: string): NationalIdResult {
  const normalised = input.replace(SEPARATORS, '');
  if (!/^\d{10}$/.test(normalised)) return { ok: false, reason: 'format' };
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(normalised[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return { ok: false, reason: 'checksum' };
  const expected = check === 11 ? 0 : check;
  if (Number(normalised[9]) !== expected) return { ok: false, reason: 'checksum' };
  return { ok: true, normalised };
}

export function validateNationalId(kind: NationalIdKind, input: string): NationalIdResult {
  return kind === 'fr_ins' ? validateFrenchIns(input) : validateNhsNumber(input);
}

// Display form: NHS numbers are shown 3-3-4, NIRs as on the Carte Vitale.
export function formatNationalId(kind: NationalIdKind, normalised: string): string {
  if (kind === 'uk_nhs') return `${normalised.slice(0, 3)} ${normalised.slice(3, 6)} ${normalised.slice(6)}`;
  const n = normalised;
  return [n.slice(0, 1), n.slice(1, 3), n.slice(3, 5), n.slice(5, 7), n.slice(7, 10), n.slice(10, 13), n.slice(13)].join(' ');
}

export const nationalIdMessageKeys = {
  format: 'clinical.nationalId.invalidFormat',
  checksum: 'clinical.nationalId.invalidChecksum',
} as const;

// For `.superRefine(...)` on a string field whose kind is fixed by the form.
export function refineNationalId(kind: NationalIdKind) {
  return (value: string, ctx: z.RefinementCtx): void => {
    const result = validateNationalId(kind, value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: nationalIdMessageKeys[result.reason], params: { reason: result.reason } });
  };
}

// A string schema that validates and outputs the normalised identifier.
export function nationalIdSchema(kind: NationalIdKind) {
  return z.string().transform((value, ctx) => {
    const result = validateNationalId(kind, value);
    if (result.ok) return result.normalised;
    ctx.addIssue({ code: 'custom', message: nationalIdMessageKeys[result.reason], params: { reason: result.reason } });
    return z.NEVER;
  });
}

// For an object carrying both the kind and the value (e.g. a patient form where the
// country decides the identifier): use as `.superRefine(refineNationalIdPair())`.
export function refineNationalIdPair(path: string = 'value') {
  return (data: { kind: NationalIdKind; value: string }, ctx: z.RefinementCtx): void => {
    const result = validateNationalId(data.kind, data.value);
    if (!result.ok) ctx.addIssue({ code: 'custom', path: [path], message: nationalIdMessageKeys[result.reason], params: { reason: result.reason } });
  };
}
