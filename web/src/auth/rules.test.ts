import { describe, expect, it } from 'vitest';
import * as contract from '../../../contracts/auth/rules.ts';
import * as local from './rules.ts';
import { checkProfessionalId } from '../../../contracts/admin/professional-id.ts';

describe('web copies of the sign-in rules', () => {
  it('match the shared contract', () => {
    expect(local.PASSWORD_MIN_LENGTH).toBe(contract.PASSWORD_MIN_LENGTH);
    expect(local.PROFESSIONAL_ID_NAMES).toEqual(contract.PROFESSIONAL_ID_NAMES);
    expect(String(local.PROFESSIONAL_ID_PATTERNS.FR)).toBe(String(contract.PROFESSIONAL_ID_PATTERNS.FR));
    expect(String(local.PROFESSIONAL_ID_PATTERNS.GB)).toBe(String(contract.PROFESSIONAL_ID_PATTERNS.GB));
    for (const input of ['100 0345 678-6', '1.2.3', ' 1234567 ']) expect(local.normaliseProfessionalId(input)).toBe(contract.normaliseProfessionalId(input));
  });

  it('judge professional identifiers as the server does', () => {
    const cases: Array<['FR' | 'GB', string]> = [['FR', '10003456786'], ['FR', '10003456785'], ['FR', '1000345678'], ['FR', '100 0345 678-6'], ['GB', '1234567'], ['GB', '123456']];
    for (const [country, input] of cases) {
      const server = checkProfessionalId(country, input);
      expect(local.professionalIdProblem(country, input)).toBe(server.ok ? null : server.problem);
    }
  });
});
