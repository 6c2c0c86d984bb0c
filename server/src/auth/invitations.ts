// Invitations: a coordinator invites a clinician into an organisation of
// their network with a role matching the organisation (requester -> GP
// practice, dermatologist -> dermatology service, coordinator -> office).
// The link is single-use and expires after 72 hours. The invitee sets a
// password and enrols a second factor before anything else.
// Until it is accepted, a coordinator can revoke an invitation (its link then
// answers like an unknown one) or send it again with a fresh link and expiry
// (the earlier link is unknown from then on). No account exists before
// acceptance (acceptInvitation creates it), so revoking touches no user: an
// accepted invitation cannot be revoked (409); disabling the account is the
// way to stop that person (admin/set-user-status.ts).
import type { Transaction } from 'kysely';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireActor, type Actor } from './actor.ts';
import { assertCan, defineActions, organisationScope } from './policy.ts';
import { queueMail } from '../mail/mail-queue.ts';
import { invitationMail } from '../mail/templates.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { assertStrongPassword } from './password-policy.ts';
import { assertNotLocked, lockedError, recordFailure } from './lockout.ts';
import { hashToken, linkWithToken, newToken } from './email-tokens.ts';
import { createSession, type NewSession } from './sessions.ts';
import { normaliseEmail } from './auth-ctx.ts';
import type { DB, MembershipRole, OrganisationKind } from '../db/schema.ts';
import { AUTH_LINK_PAGES, INVITATION_TTL_HOURS, PROFESSIONAL_ID_NAMES, isValidProfessionalId, normaliseProfessionalId } from '../../../contracts/auth/rules.ts';
import { EXPIRED_INVITATIONS_LISTED_DAYS, type Invitation, type RevokedInvitation } from '../../../contracts/auth/invitations.ts';

defineActions({ 'admin.invite': ['coordinator'] });

const ROLE_FOR_KIND: Record<OrganisationKind, MembershipRole> = {
  gp_practice: 'requester',
  dermatology_service: 'dermatologist',
  network_office: 'coordinator',
  pharmacy: 'pharmacist',
};

function invitationQuery(db: Ctx['db'] | Transaction<DB>) {
  return db
    .selectFrom('invitations as i')
    .innerJoin('organisations', 'organisations.id', 'i.organisation_id')
    .innerJoin('networks as n', 'n.id', 'organisations.network_id')
    .innerJoin('users as u', 'u.id', 'i.invited_by')
    .select([
      'i.id', 'i.email', 'i.organisation_id', 'organisations.name as organisation_name', 'organisations.network_id', 'n.country', 'i.role', 'i.locale', 'i.invited_by',
      'u.display_name as inviter_name', 'i.created_at', 'i.expires_at', 'i.accepted_at', 'i.revoked_at',
    ]);
}
type InvitationRow = Awaited<ReturnType<ReturnType<typeof invitationQuery>['executeTakeFirstOrThrow']>>;

const toDto = (r: InvitationRow, now: Date): Invitation => ({
  id: r.id,
  email: r.email,
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  role: r.role,
  invitedBy: { id: r.invited_by, displayName: r.inviter_name },
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
  status: r.expires_at > now ? 'pending' : 'expired',
});

/** Refuses an invitation for someone who already has this role in this organisation. */
async function assertNotMember(db: Ctx['db'] | Transaction<DB>, email: string, organisationId: string, role: MembershipRole) {
  const member = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.id')
    .where((eb) => eb(eb.fn('lower', ['u.email']), '=', email))
    .where('m.organisation_id', '=', organisationId)
    .where('m.role', '=', role)
    .executeTakeFirst();
  if (member) throw new AppError('conflict', 'This person is already a member of this organisation with this role.');
}

/**
 * The invitation email, with the link carrying the token (the only place it exists in clear, sealed
 * in its mail job), queued in the transaction that stores the token's hash.
 */
async function queueInvitationMail(trx: Transaction<DB>, ctx: Ctx, row: InvitationRow, token: string, origin: string) {
  await queueMail(
    trx,
    ctx,
    'invitation',
    invitationMail(row.email, row.locale, { link: linkWithToken(origin, AUTH_LINK_PAGES.invitation, token), organisationName: row.organisation_name, role: row.role, inviterName: row.inviter_name, hours: INVITATION_TTL_HOURS }),
    { linkExpiresAt: row.expires_at },
  );
}

export async function createInvitation(ctx: Ctx, input: { email: string; organisationId: string; role: MembershipRole; locale: 'fr' | 'en'; origin: string }): Promise<Invitation> {
  const actor = requireActor(ctx);
  assertCan(actor, 'admin.invite');
  const org = await ctx.db.selectFrom('organisations').select(['id', 'kind', 'name']).where('id', '=', input.organisationId).where('network_id', '=', actor.networkId ?? '00000000-0000-0000-0000-000000000000').executeTakeFirst();
  if (!org) throw notFound('organisation');
  if (ROLE_FOR_KIND[org.kind] !== input.role) {
    throw new AppError('unprocessable', 'This role does not fit this kind of organisation.', { fields: [{ path: 'role', message: `expected ${ROLE_FOR_KIND[org.kind]}` }] });
  }
  const email = normaliseEmail(input.email);
  await assertNotMember(ctx.db, email, org.id, input.role);
  const token = newToken();
  const now = ctx.clock.now();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('invitations')
      .values({ token_hash: hashToken(token), email, organisation_id: org.id, role: input.role, locale: input.locale, invited_by: actor.userId, expires_at: new Date(now.getTime() + INVITATION_TTL_HOURS * 3600_000), created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'auth.invitation_created', resourceType: 'invitation', resourceId: created.id, details: { organisationId: org.id, role: input.role } });
    const stored = await invitationQuery(trx).where('i.id', '=', created.id).executeTakeFirstOrThrow();
    await queueInvitationMail(trx, ctx, stored, token, input.origin);
    return stored;
  });
  return toDto(row, now);
}

/** Open invitations of the network: pending, and expired lately (to be sent again or revoked). */
export async function listPendingInvitations(ctx: Ctx): Promise<Invitation[]> {
  const actor = requireActor(ctx);
  assertCan(actor, 'admin.invite');
  const now = ctx.clock.now();
  const rows = await invitationQuery(ctx.db)
    .where(organisationScope(actor))
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .where('i.expires_at', '>', new Date(now.getTime() - EXPIRED_INVITATIONS_LISTED_DAYS * 86_400_000))
    .orderBy('i.created_at', 'desc')
    .execute();
  return rows.map((r) => toDto(r, now));
}

/**
 * The invitation `id` of the coordinator's network, locked until the caller's transaction ends:
 * 404 outside the network (the scope is in the query), 409 once accepted or revoked.
 */
async function openInvitationForChange(trx: Transaction<DB>, actor: Actor, id: string): Promise<InvitationRow> {
  const row = await invitationQuery(trx).where(organisationScope(actor)).where('i.id', '=', id).forUpdate('i').executeTakeFirst();
  if (!row) throw notFound('invitation');
  if (row.accepted_at) throw new AppError('conflict', 'This invitation has already been accepted. To stop this person, disable their account.', { extra: { invitation: 'accepted' } });
  if (row.revoked_at) throw new AppError('conflict', 'This invitation has already been revoked.', { extra: { invitation: 'revoked' } });
  return row;
}

/** POST /api/admin/invitations/:id/revoke: the link stops working at once. */
export async function revokeInvitation(ctx: Ctx, id: string): Promise<RevokedInvitation> {
  const actor = requireActor(ctx);
  assertCan(actor, 'admin.invite');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await openInvitationForChange(trx, actor, id);
    await trx.updateTable('invitations').set({ revoked_at: now, revoked_by: actor.userId }).where('id', '=', row.id).execute();
    await recordAudit(trx, ctx, {
      action: 'auth.invitation_revoked',
      resourceType: 'invitation',
      resourceId: row.id,
      details: { organisationId: row.organisation_id, role: row.role, expired: row.expires_at <= now },
    });
    return { id: row.id, revokedAt: now.toISOString() };
  });
}

/**
 * POST /api/admin/invitations/:id/resend: a fresh token and expiry replace the old ones (the
 * earlier link becomes unknown), and the invitation email goes again, in its own language.
 */
export async function resendInvitation(ctx: Ctx, input: { id: string; origin: string }): Promise<Invitation> {
  const actor = requireActor(ctx);
  assertCan(actor, 'admin.invite');
  const now = ctx.clock.now();
  const token = newToken();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const open = await openInvitationForChange(trx, actor, input.id);
    await assertNotMember(trx, open.email, open.organisation_id, open.role);
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_HOURS * 3600_000);
    await trx.updateTable('invitations').set({ token_hash: hashToken(token), expires_at: expiresAt }).where('id', '=', open.id).execute();
    await recordAudit(trx, ctx, {
      action: 'auth.invitation_resent',
      resourceType: 'invitation',
      resourceId: open.id,
      details: { organisationId: open.organisation_id, role: open.role, expired: open.expires_at <= now },
    });
    const renewed = { ...open, expires_at: expiresAt };
    await queueInvitationMail(trx, ctx, renewed, token, input.origin);
    return renewed;
  });
  return toDto(row, now);
}

async function usableInvitation(ctx: Ctx, token: string): Promise<InvitationRow> {
  // A revoked invitation answers exactly like an unknown token.
  const row = await invitationQuery(ctx.db).where('i.token_hash', '=', hashToken(token)).where('i.revoked_at', 'is', null).executeTakeFirst();
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
  const tokenHash = hashToken(input.token);
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
    // Still this token's, still open: a revocation or a resend since the checks above wins.
    const claimed = await trx
      .updateTable('invitations')
      .set({ accepted_at: now })
      .where('id', '=', inv.id)
      .where('token_hash', '=', tokenHash)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) {
      // Used by this very link: say so; revoked or replaced by a newer link: like an unknown link.
      const current = await trx.selectFrom('invitations').select(['accepted_at', 'token_hash']).where('id', '=', inv.id).executeTakeFirst();
      if (current?.accepted_at && current.token_hash === tokenHash) throw new AppError('invitation_used', 'This invitation has already been used. Sign in instead.');
      throw notFound('invitation');
    }
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
