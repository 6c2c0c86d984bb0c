// Professional identifiers by country, shared by the server and the web app.
// France: RPPS, 11 digits whose last digit is a Luhn check digit.
// United Kingdom: GMC reference number, 7 digits (no check digit).
import { z } from 'zod';

export const ProfessionalIdCountrySchema = z.enum(['FR', 'GB']);
export type ProfessionalIdCountry = z.infer<typeof ProfessionalIdCountrySchema>;

export type { ProfessionalIdProblem, ProfessionalIdResult } from './professional-id-rules.ts';
export { checkProfessionalId, luhnValid, normaliseProfessionalId } from './professional-id-rules.ts';
import { checkProfessionalId } from './professional-id-rules.ts';

export const PROFESSIONAL_ID_LABELS: Record<ProfessionalIdCountry, string> = { FR: 'RPPS', GB: 'GMC' };

/**
 * A zod schema for one country: normalises, then reports `professionalId.format`
 * or `professionalId.checksum` as the issue message (translation keys).
 */
export function professionalIdSchema(country: ProfessionalIdCountry) {
  return z.string().transform((input, ctx) => {
    const result = checkProfessionalId(country, input);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: `professionalId.${result.problem}` });
      return z.NEVER;
    }
    return result.value;
  });
}
