// Calls to the identity API (server/src/auth), typed from the shared contracts.
// Only types come from contracts here, so zod stays out of the page chunks.
import type { z } from 'zod';
import { get, post, del, setCsrfToken } from '../api/client.ts';
import type {
  ActiveSessionListSchema,
  EnrolmentCompleteSchema,
  InvitationListSchema,
  InvitationPreviewSchema,
  InvitationSchema,
  KeepAliveResponseSchema,
  PasskeyListSchema,
  PasskeyRegistrationResultSchema,
  PasswordSignInResponseSchema,
  PatientLinkRequestResponseSchema,
  RecoveryCodesSchema,
  RecoverySignInResponseSchema,
  TotpEnrolmentStartSchema,
  PasskeyOptionsResponseSchema,
  PasskeyRegistrationOptionsSchema,
  ResentInvitationSchema,
  RevokedInvitationSchema,
  ReauthenticationSchema,
} from '../../../contracts/auth/index.ts';
import type { MembershipRole, SessionInfo } from '../../../contracts/auth/session.ts';

export type PasswordSignInResponse = z.infer<typeof PasswordSignInResponseSchema>;
export type TotpEnrolmentStart = z.infer<typeof TotpEnrolmentStartSchema>;
export type EnrolmentComplete = z.infer<typeof EnrolmentCompleteSchema>;
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;
export type Invitation = z.infer<typeof InvitationSchema>;
export type Passkey = z.infer<typeof PasskeyListSchema>['passkeys'][number];
export type ActiveSession = z.infer<typeof ActiveSessionListSchema>['sessions'][number];
type Ok = { ok: true };

/**
 * Runs a call that may answer `reauthentication_required` (a second-factor change on an account that has
 * one): the page passes useReauthentication's `confirmed`, which asks for the password and runs it again.
 */
export type ConfirmedCall = <T>(call: () => Promise<T>) => Promise<T>;
const direct: ConfirmedCall = (call) => call();

/** Every answer that carries a session carries its CSRF token too: keep it. */
function keep<T extends { csrfToken: string }>(session: T): T {
  setCsrfToken(session.csrfToken);
  return session;
}

export const authApi = {
  signIn: async (email: string, password: string) => {
    const res = await post<PasswordSignInResponse>('/api/auth/sign-in', { email, password });
    keep(res.session);
    return res;
  },
  totp: async (code: string) => keep(await post<SessionInfo>('/api/auth/second-factor/totp', { code })),
  recovery: async (code: string) => {
    const res = await post<z.infer<typeof RecoverySignInResponseSchema>>('/api/auth/second-factor/recovery', { code });
    keep(res.session);
    return res;
  },
  /** Passkey as both factors (no session) or as the second factor (pending session). */
  passkey: async () => {
    const { startAuthentication } = await import('@simplewebauthn/browser');
    const { challengeId, options } = await post<z.infer<typeof PasskeyOptionsResponseSchema>>('/api/auth/passkey/options', {});
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const response = await startAuthentication({ optionsJSON: options as any });
    return keep(await post<SessionInfo>('/api/auth/passkey/verify', { challengeId, response }));
  },
  switchMembership: async (membershipId: string) => keep(await post<SessionInfo>('/api/auth/session/switch', { membershipId })),
  keepAlive: () => post<z.infer<typeof KeepAliveResponseSchema>>('/api/auth/session/keep-alive'),
  signOut: () => post<Ok>('/api/auth/sign-out'),

  /** Confirm the password in this session: second-factor changes are allowed for 5 minutes. */
  reauthenticate: (password: string) => post<z.infer<typeof ReauthenticationSchema>>('/api/auth/reauthenticate', { password }),
  startTotp: () => post<TotpEnrolmentStart>('/api/auth/enrolment/totp'),
  verifyTotp: async (code: string) => {
    const res = await post<EnrolmentComplete>('/api/auth/enrolment/totp/verify', { code });
    keep(res.session);
    return res;
  },
  regenerateRecoveryCodes: () => post<z.infer<typeof RecoveryCodesSchema>>('/api/auth/enrolment/recovery-codes'),
  /** Each step asks for the password if needed (the verify step keeps its challenge: no second touch). */
  registerPasskey: async (name?: string, confirmed: ConfirmedCall = direct) => {
    const { startRegistration } = await import('@simplewebauthn/browser');
    const { challengeId, options } = await confirmed(() => post<z.infer<typeof PasskeyRegistrationOptionsSchema>>('/api/auth/enrolment/passkey/options', {}));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const response = await startRegistration({ optionsJSON: options as any });
    const res = await confirmed(() => post<z.infer<typeof PasskeyRegistrationResultSchema>>('/api/auth/enrolment/passkey/verify', { challengeId, response, name }));
    keep(res.session);
    return res;
  },
  passkeys: () => get<z.infer<typeof PasskeyListSchema>>('/api/auth/passkeys'),
  removePasskey: (id: string) => del<Ok>(`/api/auth/passkeys/${encodeURIComponent(id)}`),

  sessions: () => get<z.infer<typeof ActiveSessionListSchema>>('/api/auth/sessions'),
  revokeSession: (id: string) => del<Ok>(`/api/auth/sessions/${encodeURIComponent(id)}`),
  revokeAllSessions: () => post<Ok>('/api/auth/sign-out-everywhere'),

  previewInvitation: (token: string) => post<InvitationPreview>('/api/auth/invitations/preview', { token }),
  acceptInvitation: async (body: { token: string; password: string; displayName?: string; professionalId?: string; locale?: 'fr' | 'en' }) =>
    keep(await post<SessionInfo>('/api/auth/invitations/accept', body)),

  requestPasswordReset: (email: string) => post<Ok>('/api/auth/password-reset/request', { email }),
  completePasswordReset: (token: string, password: string) => post<Ok>('/api/auth/password-reset/complete', { token, password }),

  requestPatientLink: (email: string, locale: 'fr' | 'en') => post<z.infer<typeof PatientLinkRequestResponseSchema>>('/api/auth/patient/request', { email, locale }),
  patientLink: async (token: string) => keep(await post<SessionInfo>('/api/auth/patient/link', { token })),
  patientCode: async (requestId: string, code: string) => keep(await post<SessionInfo>('/api/auth/patient/code', { requestId, code })),

  invitations: () => get<z.infer<typeof InvitationListSchema>>('/api/admin/invitations'),
  invite: (body: { email: string; organisationId: string; role: MembershipRole; locale: 'fr' | 'en' }) => post<Invitation>('/api/admin/invitations', body),
  revokeInvitation: (id: string) => post<z.infer<typeof RevokedInvitationSchema>>(`/api/admin/invitations/${encodeURIComponent(id)}/revoke`),
  resendInvitation: (id: string) => post<z.infer<typeof ResentInvitationSchema>>(`/api/admin/invitations/${encodeURIComponent(id)}/resend`),
};
