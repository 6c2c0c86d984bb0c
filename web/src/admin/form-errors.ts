// Field errors from the shared zod schema (before sending) or from the
// server's problem+json (after), as translated messages keyed by field path.
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError } from '../api/client.ts';

export type FieldErrors = Record<string, string>;

export function zodFieldErrors(error: z.ZodError, t: TFunction, prefix = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = prefix + issue.path.join('.');
    out[path] ??= t(issue.message, { defaultValue: t('validation.invalid') });
  }
  return out;
}

export function apiFieldErrors(error: unknown, t: TFunction): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(error.fieldErrors)) out[path] = t(message, { defaultValue: t('validation.invalid') });
  return out;
}

/**
 * Mantine paints the text of an input in error red, below AA contrast on white:
 * keep the typed value in the normal text colour (the red border and message say it).
 */
export const READABLE_INPUT = { input: { color: 'var(--mantine-color-text)' } } as const;

/** The same for an alert's title, which Mantine paints in the alert's colour. */
export const READABLE_ALERT = { title: { color: 'var(--mantine-color-text)' } } as const;
