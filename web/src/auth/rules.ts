// The password and professional-identifier rules the pages check as people
// type. They mirror contracts/auth/rules.ts (rules.test.ts keeps them equal)
// without importing it: that module builds zod schemas at load time, and zod
// would weigh ~30 KiB gz on the sign-in pages of a GP's phone.
import type { Country, PasswordRule } from '../../../contracts/auth/rules.ts';
import { checkProfessionalId } from '../../../contracts/admin/professional-id-rules.ts';

export type { Country, PasswordRule };
export const PASSWORD_MIN_LENGTH = 12;
export const PROFESSIONAL_ID_PATTERNS: Record<Country, RegExp> = { FR: /^\d{11}$/, GB: /^\d{7}$/ };
export const PROFESSIONAL_ID_NAMES: Record<Country, string> = { FR: 'RPPS', GB: 'GMC' };
export const normaliseProfessionalId = (input: string) => input.replace(/[\s.-]/g, '');

export function professionalIdProblem(country: Country, input: string): 'format' | 'checksum' | null {
  const result = checkProfessionalId(country, input);
  return result.ok ? null : result.problem;
}

/** How a lock's remaining time is said: minutes, or whole hours once repeated locks grow past 90 minutes. */
export function lockedFor(retryAfterSeconds: number): { unit: 'minutes' | 'hours'; count: number } {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return minutes > 90 ? { unit: 'hours', count: Math.ceil(minutes / 60) } : { unit: 'minutes', count: minutes };
}
