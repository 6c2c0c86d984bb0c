// Error codes of the sign-in flows (problem+json `code`), for the web app's messages.
export const AUTH_ERROR_CODES = [
  'invalid_credentials', // 401 wrong email or password (never says which)
  'invalid_code', // 401 wrong TOTP / recovery / patient code
  'second_factor_required', // 401 pending session used outside the second-factor step
  'second_factor_not_enrolled', // 409 enrolment needed first (sign-in response says so too)
  'passkey_failed', // 401 passkey ceremony refused
  'account_locked', // 423 extra.retryAfterSeconds; wait or reset the password
  'link_expired', // 410 link/code/reset older than its validity
  'link_used', // 410 single-use link or code already used
  'code_attempts_exceeded', // 410 too many wrong patient codes: request a new email
  'invitation_expired', // 410 older than 72 h
  'invitation_used', // 410 already accepted
  'weak_password', // 422 extra.rule in PasswordRule; errors[0].path = 'password'
  'invalid_professional_id', // 422 errors[0].path = 'professionalId'
  'last_second_factor', // 409 cannot remove the only second factor
  'reauthentication_required', // 403 confirm the password (POST /api/auth/reauthenticate), then try again
] as const;
export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];
