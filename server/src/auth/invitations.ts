// Invitations: a coordinator invites a clinician into an organisation of
// their network with a role matching the organisation (requester -> GP
// practice, dermatologist -> dermatology service, coordinator -> office).
// The link is single-use and expires after 72 hours. The invitee sets a
// password and enrols a second factor before anything else.
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireActor } from './actor.ts';
import { assertCan, defineActions } from './policy.ts';
import { getMailer } from '../mail/mailer.ts';
import { invitationMail } from '../mail/templates.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { assertStrongPassword } from './password-policy.ts';
import { assertNotLocked, lockedError, recordFailure } from './lockout.ts';
import { hashToken, linkWithToken, newToken } from './email-tokens.ts';
import { createSession, type NewSession } from './sessions.ts';
import { normaliseEmail } from './auth-ctx.ts';
import type { MembershipRole, OrganisationKind } from '../db/schema.ts';
import { AUTH_LINK_PAGES, INVITATION_TTL_HOURS, PROFESSIONAL_ID_NAMES, isValidProfessionalId, normaliseProfessionalId } from '../../../contracts/auth/rules.ts';
import type { Invitation } from '../../../contracts/auth/invitations.ts';

defineActions({ 'admin.invite': ['coordinator'] });

const ROLE_FOR_KIND: Record<OrganisationKind, MembershipRole> = {
  gp_practice: 'requester',
  dermatology_service: 'dermatologist',
  network_office: 'coordinator',
  pharmacy: 'pharmacist',
};

function invitationQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .innerJoin('networks as n', 'n.id', 'o.network_id')
    .innerJoin('users as u', 'u.id', 'i.invited_by')
    .select(['i.id', 'i.email', 'i.organisation_id', 'o.name as organisation_name', 'o.network_id', 'n.country', 'i.role', 'i.locale', 'i.invited_by', 'u.display_name as inviter_name', 'i.created_at', 'i.expires_at', 'i.accepted_at']);
}
type InvitationRow = Awaited<ReturnType<ReturnType<typeof invitationQuery>['executeTakeFirstOrThrow']>>;

const toDto = (r: InvitationRow): Invitation => ({
  id: r.id,
  email: r.email,
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  role: r.role,
  invitedBy: { id: r.invited_by, displayName: r.inviter_name },
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
});

export async function createInvitation(ctx: Ctx, input: { email: string; organisationId: string; role: MembershipRole; locale: 'fr' | 'en'; origin: string }): Promise<Invitation> {
  const actor = requireActor(ctx);
  assertCan(actor, 'admin.invite');
  const org = await ctx.db.selectFrom('organisations').select(['id', 'kind', 'name']).where('id', '=', input.organisationId).where('network_id', '=', actor.networkId ?? '00000000-0000-0000-0000-000000000000').executeTakeFirst();
  if (!org) throw notFound('organisation');
  if (ROLE_FOR_KIND[org.kind] !== input.role) {
    throw new AppError('unprocessable', 'This role does not fit this kind of organisation.', { fields: [{ path: 'role', message: `expected ${ROLE_FOR_KIND[org.kind]}` }] });
  }
  const email = normaliseEmail(input.email);
  const member = await ctx.db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.id')
    .where((eb) => eb(eb.fn('lower', ['u.email']), '=', email))
    .where('m.organisation_id', '=', org.id)
    .where('m.role', '=', input.role)
    .executeTakeFirst();
  if (member) throw new AppError('conflict', 'This person is already a member of this organisation with this role.');
  const token = newToken();
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('invitations')
      .values({ token_hash: hashToken(token), email, organisation_id: org.id, role: input.role, locale: input.locale, invited_by: actor.userId, expires_at: new Date(now.getTime() + INVITATION_TTL_HOURS * 3600_000), created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'auth.invitation_created', resourceType: 'invitation', resourceId: row.id, details: { organisationId: org.id, role: input.role } });
    return row.id;
  });
  const row = await invitationQuery(ctx).where('i.id', '=', id).executeTakeFirstOrThrow();
  getMailer(ctx.services).send(
    invitationMail(email, input.locale, { link: linkWithToken(input.origin, AUTH_LINK_PAGES.invitation, token), organisationName: org.name, role: input.role, inviterName: row.inviter_name, hours: INVITATION_TTL_HOURS }),
    ctx.log,
  );
  return toDto(row);
}

export async function listPendingInvitations(ctx: Ctx): Promise<Invitation[]> {
  const actor = requireActor(ctx);
  assertCan(actor, 'admin.invite');
  const rows = await invitationQuery(ctx)
    .where('o.network_id', '=', actor.networkId ?? '00000000-0000-0000-0000-000000000000')
    .where('i.accepted_at', 'is', null)
    .where('i.expires_at', '>', ctx.clock.now())
    .orderBy('i.created_at', 'desc')
    .execute();
  return rows.map(toDto);
}

async function usableInvitation(ctx: Ctx, token: string): Promise<InvitationRow> {
  const row = await invitationQuery(ctx).where('i.token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!row) throw notFound('invitation');
  if (row.accepted_at) throw new AppError('invitation_used', 'This invitation has already been used. Sign in instead.');
  if (row.expires_at <= ctx.clock.now()) throw new AppError('invitation_expired', 'This invitation has expired. Ask your coordinator for a new one.');
  return row;
}

export async function previewInvitation(ctx: Ctx, input: { token: string }) {
  const row = await usableInvitation(ctx, input.token);
  const existing = await ctx.db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', row.email)).executeTakeFirst();
  return { email: row.email, organisationName: row.organisation_name, role: row.role, country: row.country, expiresAt: row.expires_at.toISOString(), existingAccount: Boolean(existing) };
}

export async function acceptInvitation(
  ctx: Ctx,
  input: { token: string; password: string; displayName?: string; professionalId?: string; locale?: 'fr' | 'en'; currentSessionId: string | null },
): Promise<NewSession> {
  const inv = await usableInvitation(ctx, input.token);
  const now = ctx.clock.now();
  const existing = await ctx.db.selectFrom('users').select(['id', 'kind', 'password_hash', 'locked_until', 'status']).where((eb) => eb(eb.fn('lower', ['email']), '=', inv.email)).executeTakeFirst();

  let passwordHash: string | null = null;
  let professionalId: string | null = null;
  if (existing) {
    if (existing.kind !== 'clinician' || existing.status === 'disabled') throw new AppError('conflict', 'This invitation cannot be accepted with this account. Contact your coordinator.');
    assertNotLocked(existing, now);
    if (!existing.password_hash || !(await verifyPassword(existing.password_hash, input.password))) {
      const until = await recordFailure(ctx, existing.id, 'password');
      if (until) throw lockedError(until, now);
      throw new AppError('invalid_credentials', 'The password is not correct.');
    }
  } else {
    assertStrongPassword(input.password, inv.email);
    if (!input.displayName) throw new AppError('validation_failed', 'Give your name as colleagues know it.', { fields: [{ path: 'displayName', message: 'required' }] });
    if (inv.role !== 'coordinator' || input.professionalId) {
      const raw = input.professionalId ?? '';
      if (!isValidProfessionalId(inv.country, raw)) {
        const name = PROFESSIONAL_ID_NAMES[inv.country];
        throw new AppError('invalid_professional_id', `Enter your ${name} number (${inv.country === 'FR' ? 11 : 7} digits).`, {
          fields: [{ path: 'professionalId', message: `${name}: ${inv.country === 'FR' ? 11 : 7} digits` }],
          extra: { country: inv.country },
        });
      }
      professionalId = normaliseProfessionalId(raw);
    }
    passwordHash = await hashPassword(input.password);
  }

  return ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx.updateTable('invitations').set({ accepted_at: now }).where('id', '=', inv.id).where('accepted_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) throw new AppError('invitation_used', 'This invitation has already been used. Sign in instead.');
    let userId = existing?.id;
    if (!userId) {
      const user = await trx
        .insertInto('users')
        .values({ email: inv.email, display_name: input.displayName!, kind: 'clinician', password_hash: passwordHash, professional_id: professionalId, country: inv.country, locale: input.locale ?? inv.locale })
        .returning('id')
        .executeTakeFirstOrThrow();
      userId = user.id;
    }
    const membership = await trx
      .insertInto('memberships')
      .values({ user_id: userId, organisation_id: inv.organisation_id, role: inv.role })
      .onConflict((oc) => oc.columns(['user_id', 'organisation_id', 'role']).doUpdateSet({ role: inv.role }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('invitations').set({ accepted_user_id: userId }).where('id', '=', inv.id).execute();
    await recordAudit(trx, ctx, { action: 'auth.invitation_accepted', resourceType: 'invitation', resourceId: inv.id, actorUserId: userId, details: { organisationId: inv.organisation_id, role: inv.role, newAccount: !existing } });
    return createSession(ctx, { userId, membershipId: membership.id, secondFactorVerified: false, replaces: input.currentSessionId }, trx);
  });
}
