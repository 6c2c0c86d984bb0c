// Password rules: length (contracts/auth/rules.ts) and a list of common
// passwords shipped with the project (common-passwords.txt, lowercased).
// A refusal names the rule broken (`weak_password`, extra.rule).
import { readFileSync } from 'node:fs';
import { AppError } from '../errors/app-error.ts';
import { localPasswordProblem, type PasswordRule } from '../../../contracts/auth/rules.ts';

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return common;
}

export function passwordProblem(password: string, email?: string): PasswordRule | null {
  const local = localPasswordProblem(password, email);
  if (local) return local;
  const lower = password.toLowerCase();
  const list = commonPasswords();
  // A common password with only a few characters stuck on it is still common.
  if (list.has(lower) || list.has(lower.replace(/[\d!@#$%^&*?._\-\s]+$/, '')) && lower.replace(/[\d!@#$%^&*?._\-\s]+$/, '').length >= 8) return 'common';
  return null;
}

const MESSAGES: Record<PasswordRule, string> = {
  too_short: 'Use at least 12 characters.',
  too_long: 'Use at most 200 characters.',
  common: 'This password is one of the most common ones: choose another.',
  contains_email: 'Do not use your email address in the password.',
};

export function assertStrongPassword(password: string, email?: string, path = 'password'): void {
  const rule = passwordProblem(password, email);
  if (rule) throw new AppError('weak_password', MESSAGES[rule], { fields: [{ path, message: MESSAGES[rule] }], extra: { rule } });
}
