import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { apiFieldErrors, errorFor, messageKey, normalisePath } from './field-errors.ts';

describe('field errors of the case forms', () => {
  it('maps API paths onto the request fields', () => {
    expect(normalisePath('request.question')).toBe('question');
    expect(normalisePath('body.request.bodySite.site')).toBe('bodySite.site');
    expect(normalisePath('/request/sevenPoint')).toBe('sevenPoint');
    expect(normalisePath('routing.serviceId')).toBe('routing.serviceId');
  });

  it('reads ApiError.fieldErrors and finds a child error for a parent field', () => {
    const error = new ApiError(400, {
      type: 'about:blank',
      title: 'Bad',
      status: 400,
      code: 'validation_failed',
      errors: [
        { path: 'request.bodySite.site', message: 'Invalid option' },
        { path: 'request.question', message: 'cases.request.questionRequired' },
      ],
    });
    const errors = apiFieldErrors(error);
    expect(errors).toEqual({ 'bodySite.site': 'Invalid option', question: 'cases.request.questionRequired' });
    expect(errorFor(errors, 'bodySite')).toBe('Invalid option');
    expect(errorFor(errors, 'urgency')).toBeUndefined();
    expect(apiFieldErrors(new Error('x'))).toEqual({});
  });

  it('turns contract message keys into translation keys, and anything else into a generic one', () => {
    expect(messageKey('cases.request.questionRequired')).toBe('cases:fieldErrors.cases.request.questionRequired');
    expect(messageKey('patients.contactRequired')).toBe('cases:fieldErrors.patients.contactRequired');
    expect(messageKey('clinical.nationalId.invalidChecksum')).toBe('clinical:nationalId.invalidChecksum');
    expect(messageKey('Invalid input: expected string, received undefined')).toBe('cases:fieldErrors.required');
    expect(messageKey('Too big')).toBe('cases:fieldErrors.invalid');
  });
});
