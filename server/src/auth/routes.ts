// Sign-in, second factor, passkeys, enrolment, sessions, patient links,
// password reset and invitations. Thin handlers: each calls one domain
// function and, when a new session was made, sets its cookie.
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.ts';
import { requireActor } from './actor.ts';
import { requireSession, publicOrigin } from './auth-ctx.ts';
import { clearSessionCookie, sessionInfo, setSessionCookie, type NewSession } from './sessions.ts';
import { passwordSignIn } from './sign-in.ts';
import { verifyRecoverySignIn, verifyTotpSignIn } from './second-factor.ts';
import { regenerateRecoveryCodes, startTotpEnrolment, verifyTotpEnrolment } from './enrolment.ts';
import { reauthenticate } from './reauthentication.ts';
import {
  deletePasskey,
  listPasskeys,
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  relyingParty,
  verifyPasskeyRegistration,
  verifyPasskeySignIn,
} from './passkeys.ts';
import { consumePatientCode, consumePatientLink, requestPatientLink } from './patient-sign-in.ts';
import { completePasswordReset, requestPasswordReset } from './password-reset.ts';
import { acceptInvitation, createInvitation, listPendingInvitations, previewInvitation, resendInvitation, revokeInvitation } from './invitations.ts';
import { keepAlive, listSessions, revokeSession, signOut, signOutEverywhere, switchMembership } from './session-management.ts';
import { ActiveSessionListSchema, KeepAliveResponseSchema, OkSchema, SessionIdParamsSchema, SessionInfoSchema, SwitchMembershipBodySchema } from '../../../contracts/auth/session.ts';
import {
  PasskeyOptionsResponseSchema,
  PasskeyVerifyBodySchema,
  PasswordSignInBodySchema,
  PasswordSignInResponseSchema,
  RecoveryCodeBodySchema,
  RecoverySignInResponseSchema,
  TotpCodeBodySchema,
} from '../../../contracts/auth/sign-in.ts';
import {
  EnrolmentCompleteSchema,
  PasskeyIdParamsSchema,
  PasskeyListSchema,
  PasskeyRegistrationBodySchema,
  PasskeyRegistrationOptionsSchema,
  PasskeyRegistrationResultSchema,
  RecoveryCodesSchema,
  TotpEnrolmentStartSchema,
  TotpEnrolmentVerifyBodySchema,
} from '../../../contracts/auth/enrolment.ts';
import { ReauthenticateBodySchema, ReauthenticationSchema } from '../../../contracts/auth/reauthentication.ts';
import { PatientCodeBodySchema, PatientLinkBodySchema, PatientLinkRequestBodySchema, PatientLinkRequestResponseSchema } from '../../../contracts/auth/patient.ts';
import { PasswordResetCompleteBodySchema, PasswordResetRequestBodySchema } from '../../../contracts/auth/password-reset.ts';
import {
  AcceptInvitationBodySchema,
  CreateInvitationBodySchema,
  InvitationActionBodySchema,
  InvitationIdParamsSchema,
  InvitationListSchema,
  InvitationPreviewSchema,
  InvitationSchema,
  InvitationTokenBodySchema,
  ResentInvitationSchema,
  RevokedInvitationSchema,
} from '../../../contracts/auth/invitations.ts';

const tags = ['auth'];
/** Per-address limit on the routes that take a secret (on top of the per-account lockout). */
const limited = { rateLimit: { max: 20, timeWindow: 60_000 } };
const EmptyBody = z.object({}).optional();

const requestOrigin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

export async function authRoutes(app: App) {
  await app.register(rateLimit, { global: false });
  const config = app.services.config;

  async function startSession(reply: { setCookie: unknown }, session: NewSession) {
    setSessionCookie(reply as never, config, session.token);
    return sessionInfo(app.services.database.db, session.id);
  }

  app.get('/api/auth/session', { schema: { tags, response: { 200: SessionInfoSchema } } }, async (request) => {
    const session = requireSession(request.ctx, request.session);
    return sessionInfo(request.ctx.db, session.id);
  });

  app.post('/api/auth/session/keep-alive', { schema: { tags, body: EmptyBody, response: { 200: KeepAliveResponseSchema } } }, async (request) => {
    const times = await keepAlive(request.ctx, requireSession(request.ctx, request.session));
    return { idleExpiresAt: times.idleExpiresAt.toISOString(), absoluteExpiresAt: times.absoluteExpiresAt.toISOString() };
  });

  app.post('/api/auth/session/switch', { schema: { tags, body: SwitchMembershipBodySchema, response: { 200: SessionInfoSchema } } }, async (request) => {
    await switchMembership(request.ctx, request.body);
    return sessionInfo(request.ctx.db, requireActor(request.ctx).sessionId);
  });

  app.post('/api/auth/sign-in', { config: limited, schema: { tags, body: PasswordSignInBodySchema, response: { 200: PasswordSignInResponseSchema } } }, async (request, reply) => {
    const { session, response } = await passwordSignIn(request.ctx, { ...request.body, currentSessionId: request.session?.id ?? null });
    setSessionCookie(reply, config, session.token);
    return response;
  });

  app.post('/api/auth/second-factor/totp', { config: limited, schema: { tags, body: TotpCodeBodySchema, response: { 200: SessionInfoSchema } } }, async (request, reply) => {
    const session = await verifyTotpSignIn(request.ctx, { session: requireSession(request.ctx, request.session), code: request.body.code });
    return startSession(reply, session);
  });

  app.post('/api/auth/second-factor/recovery', { config: limited, schema: { tags, body: RecoveryCodeBodySchema, response: { 200: RecoverySignInResponseSchema } } }, async (request, reply) => {
    const { session, remaining } = await verifyRecoverySignIn(request.ctx, { session: requireSession(request.ctx, request.session), code: request.body.code });
    return { session: await startSession(reply, session), recoveryCodesRemaining: remaining };
  });

  app.post('/api/auth/passkey/options', { config: limited, schema: { tags, body: EmptyBody, response: { 200: PasskeyOptionsResponseSchema } } }, async (request) => {
    return passkeyAuthenticationOptions(request.ctx, { session: request.session, rp: relyingParty(request.ctx, requestOrigin(request)) });
  });

  app.post('/api/auth/passkey/verify', { config: limited, schema: { tags, body: PasskeyVerifyBodySchema, response: { 200: SessionInfoSchema } } }, async (request, reply) => {
    const session = await verifyPasskeySignIn(request.ctx, { session: request.session, rp: relyingParty(request.ctx, requestOrigin(request)), ...request.body });
    return startSession(reply, session);
  });

  app.post('/api/auth/sign-out', { schema: { tags, body: EmptyBody, response: { 200: OkSchema } } }, async (request, reply) => {
    await signOut(request.ctx, request.session);
    clearSessionCookie(reply, config);
    return { ok: true as const };
  });

  app.post('/api/auth/sign-out-everywhere', { schema: { tags, body: EmptyBody, response: { 200: OkSchema } } }, async (request, reply) => {
    await signOutEverywhere(request.ctx);
    clearSessionCookie(reply, config);
    return { ok: true as const };
  });

  app.get('/api/auth/sessions', { schema: { tags, response: { 200: ActiveSessionListSchema } } }, async (request) => ({ sessions: await listSessions(request.ctx) }));

  app.delete('/api/auth/sessions/:id', { schema: { tags, params: SessionIdParamsSchema, response: { 200: OkSchema } } }, async (request) => {
    await revokeSession(request.ctx, { sessionId: request.params.id });
    return { ok: true as const };
  });

  // Step-up: confirm the password in an active session before changing a second factor.
  app.post(
    '/api/auth/reauthenticate',
    {
      config: limited,
      schema: {
        tags,
        summary: 'Confirm the password in this session: second-factor changes are then allowed for 5 minutes',
        body: ReauthenticateBodySchema,
        response: { 200: ReauthenticationSchema },
      },
    },
    async (request) => reauthenticate(request.ctx, { session: requireSession(request.ctx, request.session), password: request.body.password }),
  );

  // Enrolment: pending session (account without a factor) or active session
  // (an account that has a factor: the password confirmed in the last 5 minutes).
  app.post('/api/auth/enrolment/totp', { schema: { tags, body: EmptyBody, response: { 200: TotpEnrolmentStartSchema } } }, async (request) => {
    return startTotpEnrolment(request.ctx, { session: requireSession(request.ctx, request.session) });
  });

  app.post('/api/auth/enrolment/totp/verify', { config: limited, schema: { tags, body: TotpEnrolmentVerifyBodySchema, response: { 200: EnrolmentCompleteSchema } } }, async (request, reply) => {
    const session = requireSession(request.ctx, request.session);
    const { recoveryCodes, newSession } = await verifyTotpEnrolment(request.ctx, { session, code: request.body.code });
    return { recoveryCodes, session: newSession ? await startSession(reply, newSession) : await sessionInfo(request.ctx.db, session.id) };
  });

  app.post('/api/auth/enrolment/recovery-codes', { schema: { tags, body: EmptyBody, response: { 200: RecoveryCodesSchema } } }, async (request) => {
    return { recoveryCodes: await regenerateRecoveryCodes(request.ctx, { session: requireSession(request.ctx, request.session) }) };
  });

  app.post('/api/auth/enrolment/passkey/options', { schema: { tags, body: EmptyBody, response: { 200: PasskeyRegistrationOptionsSchema } } }, async (request) => {
    return passkeyRegistrationOptions(request.ctx, { session: requireSession(request.ctx, request.session), rp: relyingParty(request.ctx, requestOrigin(request)) });
  });

  app.post('/api/auth/enrolment/passkey/verify', { schema: { tags, body: PasskeyRegistrationBodySchema, response: { 200: PasskeyRegistrationResultSchema } } }, async (request, reply) => {
    const session = requireSession(request.ctx, request.session);
    const result = await verifyPasskeyRegistration(request.ctx, { session, rp: relyingParty(request.ctx, requestOrigin(request)), ...request.body });
    return {
      passkey: result.passkey,
      recoveryCodes: result.recoveryCodes,
      session: result.newSession ? await startSession(reply, result.newSession) : await sessionInfo(request.ctx.db, session.id),
    };
  });

  app.get('/api/auth/passkeys', { schema: { tags, response: { 200: PasskeyListSchema } } }, async (request) => ({ passkeys: await listPasskeys(request.ctx, requireActor(request.ctx).userId) }));

  app.delete('/api/auth/passkeys/:id', { schema: { tags, params: PasskeyIdParamsSchema, response: { 200: OkSchema } } }, async (request) => {
    await deletePasskey(request.ctx, { userId: requireActor(request.ctx).userId, session: requireSession(request.ctx, request.session), passkeyId: request.params.id });
    return { ok: true as const };
  });

  // Patients: email link or code.
  app.post('/api/auth/patient/request', { config: limited, schema: { tags, body: PatientLinkRequestBodySchema, response: { 200: PatientLinkRequestResponseSchema } } }, async (request) => {
    return requestPatientLink(request.ctx, { ...request.body, origin: publicOrigin(request.ctx, requestOrigin(request)) });
  });

  app.post('/api/auth/patient/link', { config: limited, schema: { tags, body: PatientLinkBodySchema, response: { 200: SessionInfoSchema } } }, async (request, reply) => {
    return startSession(reply, await consumePatientLink(request.ctx, { token: request.body.token, currentSessionId: request.session?.id ?? null }));
  });

  app.post('/api/auth/patient/code', { config: limited, schema: { tags, body: PatientCodeBodySchema, response: { 200: SessionInfoSchema } } }, async (request, reply) => {
    return startSession(reply, await consumePatientCode(request.ctx, { ...request.body, currentSessionId: request.session?.id ?? null }));
  });

  // Password reset.
  app.post('/api/auth/password-reset/request', { config: limited, schema: { tags, body: PasswordResetRequestBodySchema, response: { 200: OkSchema } } }, async (request) => {
    await requestPasswordReset(request.ctx, { email: request.body.email, origin: publicOrigin(request.ctx, requestOrigin(request)) });
    return { ok: true as const };
  });

  app.post('/api/auth/password-reset/complete', { config: limited, schema: { tags, body: PasswordResetCompleteBodySchema, response: { 200: OkSchema } } }, async (request, reply) => {
    await completePasswordReset(request.ctx, request.body);
    if (request.session) clearSessionCookie(reply, config);
    return { ok: true as const };
  });

  // Invitations.
  app.post('/api/auth/invitations/preview', { config: limited, schema: { tags, body: InvitationTokenBodySchema, response: { 200: InvitationPreviewSchema } } }, async (request) => {
    return previewInvitation(request.ctx, request.body);
  });

  app.post('/api/auth/invitations/accept', { config: limited, schema: { tags, body: AcceptInvitationBodySchema, response: { 200: SessionInfoSchema } } }, async (request, reply) => {
    return startSession(reply, await acceptInvitation(request.ctx, { ...request.body, currentSessionId: request.session?.id ?? null }));
  });

  app.post('/api/admin/invitations', { schema: { tags: ['admin'], body: CreateInvitationBodySchema, response: { 201: InvitationSchema } } }, async (request, reply) => {
    const invitation = await createInvitation(request.ctx, { ...request.body, origin: publicOrigin(request.ctx, requestOrigin(request)) });
    return reply.status(201).send(invitation);
  });

  app.get('/api/admin/invitations', { schema: { tags: ['admin'], response: { 200: InvitationListSchema } } }, async (request) => ({ invitations: await listPendingInvitations(request.ctx) }));

  app.post(
    '/api/admin/invitations/:id/revoke',
    { schema: { tags: ['admin'], summary: 'Revoke an invitation not yet accepted: its link stops working', params: InvitationIdParamsSchema, body: InvitationActionBodySchema, response: { 200: RevokedInvitationSchema } } },
    async (request) => revokeInvitation(request.ctx, request.params.id),
  );

  app.post(
    '/api/admin/invitations/:id/resend',
    { schema: { tags: ['admin'], summary: 'Send an invitation again with a fresh link (the earlier link stops working)', params: InvitationIdParamsSchema, body: InvitationActionBodySchema, response: { 200: ResentInvitationSchema } } },
    async (request) => resendInvitation(request.ctx, { id: request.params.id, origin: publicOrigin(request.ctx, requestOrigin(request)) }),
  );
}
