// The one error type of the application. Domain code throws AppError with a
// code; the error handler turns the code into an HTTP status and a
// problem+json body. Codes are stable identifiers the web app translates.
export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  second_factor_required: 401,
  invalid_credentials: 401,
  session_expired: 401,
  invalid_code: 401,
  passkey_failed: 401,
  forbidden: 403,
  csrf_invalid: 403,
  reauthentication_required: 403,
  account_locked: 423,
  not_found: 404,
  conflict: 409,
  visit_not_open: 409,
  invalid_transition: 409,
  photo_locked: 409,
  possible_duplicate: 409,
  not_assigned: 409,
  answer_not_held: 409,
  slot_taken: 409,
  already_booked: 409,
  notice_too_short: 409,
  slot_unavailable: 422,
  slot_in_past: 422,
  appointment_closed: 409,
  consent_required: 422,
  request_incomplete: 422,
  questionnaire_incomplete: 422,
  routing_invalid: 422,
  second_factor_not_enrolled: 409,
  last_second_factor: 409,
  admin_self_change: 409,
  admin_last_membership: 409,
  membership_exists: 409,
  gone: 410,
  visit_over: 410,
  link_expired: 410,
  link_used: 410,
  code_attempts_exceeded: 410,
  invitation_expired: 410,
  invitation_used: 410,
  image_too_large: 413,
  payload_too_large: 413,
  image_unsupported_type: 415,
  unsupported_media_type: 415,
  image_too_many_pixels: 422,
  image_corrupt: 422,
  unprocessable: 422,
  weak_password: 422,
  invalid_professional_id: 422,
  rate_limited: 429,
  // Visit notes (server/src/visits)
  visit_closed: 409,
  visit_not_yours: 409,
  visit_video_required: 422,
  visit_attended: 409,
  visit_too_early: 409,
  visit_report_not_ready: 409,
  // Fees and billing (server/src/billing)
  fee_period_overlap: 409,
  billing_line_not_due: 409,
  online_payment_unavailable: 409,
  stripe_signature_invalid: 400,
  payment_provider_failed: 502,
  prescription_code_malformed: 400,
  prescription_unknown: 404,
  prescription_not_authentic: 422,
  already_dispensed: 409,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  /** JSON path of the offending field, e.g. "patient.birthDate". */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldError[];
  /** Extra, non-sensitive facts for the client (e.g. the current state on a 409). */
  readonly extra?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    detail: string,
    opts: { fields?: FieldError[]; extra?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(detail, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = opts.fields;
    this.extra = opts.extra;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = 'resource') => new AppError('not_found', `The ${what} does not exist or you may not see it.`);
