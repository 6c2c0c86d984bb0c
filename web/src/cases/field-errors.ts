// Field errors, from the API (ApiError.fieldErrors) or from the shared zod
// schema, keyed by the request's own field path ("question", "bodySite.site").
import type { z } from 'zod';
import { ApiError } from '../api/client.ts';

export type FieldErrors = Record<string, string>;

/** "request.question" / "body.request.question" / "/request/question" -> "question". */
export function normalisePath(path: string): string {
  return path
    .replace(/^\//, '')
    .replace(/\//g, '.')
    .replace(/^(body\.)?(request\.)?/, '');
}

export function apiFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(Object.entries(error.fieldErrors).map(([path, message]) => [normalisePath(path), message]));
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    out[path] ??= issue.message;
  }
  return out;
}

/** The error of a field or of any of its children. */
export function errorFor(errors: FieldErrors, field: string): string | undefined {
  return errors[field] ?? Object.entries(errors).find(([k]) => k.startsWith(`${field}.`))?.[1];
}

/** Message keys of the contracts ("cases.request.questionRequired", "clinical.nationalId.invalidFormat") as i18next keys. */
export function messageKey(message: string): string {
  if (message.startsWith('clinical.')) return message.replace(/^clinical\./, 'clinical:');
  if (/^(cases|patients|validation)\.[\w.]+$/.test(message)) return `cases:fieldErrors.${message}`;
  if (/received undefined|required/i.test(message)) return 'cases:fieldErrors.required';
  return 'cases:fieldErrors.invalid';
}
