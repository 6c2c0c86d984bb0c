// Pure sign-in rules shared by the server and the web app: password policy
// (length; the common-password list is checked on the server only), the
// professional identifier per country, and the shapes of codes.
import { z } from 'zod';
import { checkProfessionalId } from '../admin/professional-id.ts';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/** Rules a password may break, reported as `extra.rule` on a `weak_password` error. */
export const PasswordRuleSchema = z.enum(['too_short', 'too_long', 'common', 'contains_email']);
export type PasswordRule = z.infer<typeof PasswordRuleSchema>;

/** The checks the browser can do before sending (the server repeats them and adds `common`). */
export function localPasswordProblem(password: string, email?: string): PasswordRule | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'too_short';
  if ([...password].length > PASSWORD_MAX_LENGTH) return 'too_long';
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) return 'contains_email';
  return null;
}

export const CountrySchema = z.enum(['FR', 'GB']);
export type Country = z.infer<typeof CountrySchema>;

/** RPPS (France): 11 digits. GMC reference number (UK): 7 digits. */
export const PROFESSIONAL_ID_PATTERNS: Record<Country, RegExp> = { FR: /^\d{11}$/, GB: /^\d{7}$/ };
export const PROFESSIONAL_ID_NAMES: Record<Country, string> = { FR: 'RPPS', GB: 'GMC' };

export function normaliseProfessionalId(input: string): string {
  return input.replace(/[\s.-]/g, '');
}

/** Format and, for RPPS, the Luhn check digit: one rule, in contracts/admin/professional-id.ts. */
export function isValidProfessionalId(country: Country, input: string): boolean {
  return checkProfessionalId(country, input).ok;
}

/** A 6-digit TOTP or patient code (spaces tolerated). */
export const SixDigitCodeSchema = z.string().trim().transform((s) => s.replace(/\s/g, '')).pipe(z.string().regex(/^\d{6}$/));
/** Recovery code as shown: xxxxx-xxxxx (lowercase letters and digits); dash and case tolerated. */
export const RecoveryCodeSchema = z.string().trim().min(10).max(20);

export const EmailSchema = z.email().max(254).transform((s) => s.trim().toLowerCase());
export const LocaleSchema = z.enum(['fr', 'en']);

/**
 * Web pages that emails link to. The single-use token travels in the URL
 * FRAGMENT (`#token=...`), never in the path or query, so it does not reach
 * server logs; the page reads it and POSTs it.
 */
export const AUTH_LINK_PAGES = {
  patientLink: '/patient/sign-in/link',
  passwordReset: '/reset-password',
  invitation: '/invitation',
} as const;

export const PATIENT_LINK_TTL_MINUTES = 15;
export const PATIENT_CODE_MAX_ATTEMPTS = 5;
export const PASSWORD_RESET_TTL_MINUTES = 60;
export const INVITATION_TTL_HOURS = 72;
export const LOCKOUT_THRESHOLD = 5;
/** The first lock; each following one without a successful sign-in in between lasts twice as long, up to LOCKOUT_MAX_MINUTES. */
export const LOCKOUT_MINUTES = 15;
export const LOCKOUT_MAX_MINUTES = 240;

/** How long the n-th lock in a row lasts (n = 1, 2, ...): 15, 30, 60, 120, then 240 minutes. */
export function lockoutMinutes(n: number): number {
  return Math.min(LOCKOUT_MAX_MINUTES, LOCKOUT_MINUTES * 2 ** Math.max(0, n - 1));
}
export const RECOVERY_CODE_COUNT = 10;
