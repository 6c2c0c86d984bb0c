import { describe, expect, it } from 'vitest';
import * as contract from '../../../contracts/auth/rules.ts';
import * as local from './rules.ts';
import { lockedFor } from './rules.ts';
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

describe('a locked account\u2019s remaining time', () => {
  it('is said in minutes, then in whole hours once locks grow past 90 minutes', () => {
    expect(lockedFor(15 * 60)).toEqual({ unit: 'minutes', count: 15 });
    expect(lockedFor(61)).toEqual({ unit: 'minutes', count: 2 });
    expect(lockedFor(0)).toEqual({ unit: 'minutes', count: 1 });
    expect(lockedFor(60 * 60)).toEqual({ unit: 'minutes', count: 60 });
    expect(lockedFor(contract.lockoutMinutes(4) * 60)).toEqual({ unit: 'hours', count: 2 });
    expect(lockedFor(contract.lockoutMinutes(9) * 60 - 30)).toEqual({ unit: 'hours', count: 4 });
  });
});
