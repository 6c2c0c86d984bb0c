import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertStrongPassword, passwordProblem } from './password-policy.ts';
import { AppError } from '../errors/app-error.ts';

describe('password policy', () => {
  it('ships at least 1,000 common passwords, lowercased, one per line', () => {
    const lines = readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.every((l) => l === l.toLowerCase() && l.trim() === l && l.length > 0)).toBe(true);
  });

  it('refuses common passwords, whatever their case or a number stuck on the end', () => {
    expect(passwordProblem('Password1234')).toBe('common');
    expect(passwordProblem('qwertyuiop123')).toBe('common');
    expect(passwordProblem('iloveyou12345678')).toBe('common');
    expect(passwordProblem('correcthorsebatterystaple')).toBe('common');
    expect(passwordProblem('dermlink-demo-2026')).toBeNull();
    expect(passwordProblem('lichen planus and friends')).toBeNull();
  });

  it('throws weak_password naming the rule and the field', () => {
    try {
      assertStrongPassword('tiny', undefined, 'newPassword');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('weak_password');
      expect((err as AppError).extra).toEqual({ rule: 'too_short' });
      expect((err as AppError).fields).toEqual([{ path: 'newPassword', message: 'Use at least 12 characters.' }]);
    }
  });
});
