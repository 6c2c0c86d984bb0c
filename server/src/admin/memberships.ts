// POST /api/admin/users/:id/memberships and DELETE /api/admin/memberships/:id:
// giving and taking a role in an organisation of my network. Both are
// security events. Sessions that used a removed membership are revoked.
import { ROLE_FOR_KIND, type AddMembershipBody, type AdminUser } from '../../../contracts/admin/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan, networkUserScope, organisationScope } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { loadNetworkUsers } from './list-users.ts';
import './actions.ts';

export async function addMembership(ctx: Ctx, userId: string, body: AddMembershipBody): Promise<AdminUser> {
  const actor = requireActor(ctx);
  assertCan(actor, 'admin.memberships.write');
  return ctx.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').where(networkUserScope(actor)).where('users.id', '=', userId).where('users.kind', '=', 'clinician').select('users.id').executeTakeFirst();
    if (!user) throw notFound('user');
    const org = await trx.selectFrom('organisations').where(organisationScope(actor)).where('organisations.id', '=', body.organisationId).select(['organisations.id', 'organisations.kind']).executeTakeFirst();
    if (!org) throw notFound('organisation');
    if (ROLE_FOR_KIND[org.kind] !== body.role) {
      throw new AppError('validation_failed', 'This role does not fit this kind of organisation.', { fields: [{ path: 'role', message: 'validation.roleKind' }] });
    }
    const existing = await trx.selectFrom('memberships').select('id').where('user_id', '=', userId).where('organisation_id', '=', org.id).where('role', '=', body.role).executeTakeFirst();
    if (existing) throw new AppError('membership_exists', 'This person already has this role in this organisation.');
    const membership = await trx.insertInto('memberships').values({ user_id: userId, organisation_id: org.id, role: body.role, created_at: ctx.clock.now() }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'admin.membership.add',
      resourceType: 'membership',
      resourceId: membership.id,
      details: { userId, organisationId: org.id, role: body.role, security: true },
    });
    const [dto] = await loadNetworkUsers(trx, actor, { userId });
    return dto!;
  });
}

export async function removeMembership(ctx: Ctx, membershipId: string): Promise<AdminUser> {
  const actor = requireActor(ctx);
  assertCan(actor, 'admin.memberships.write');
  return ctx.db.transaction().execute(async (trx) => {
    const membership = await trx
      .selectFrom('memberships')
      .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
      .where(organisationScope(actor))
      .where('memberships.id', '=', membershipId)
      .select(['memberships.id', 'memberships.user_id', 'memberships.organisation_id', 'memberships.role'])
      .executeTakeFirst();
    if (!membership) throw notFound('membership');
    if (membership.user_id === actor.userId) {
      throw new AppError('admin_self_change', 'You cannot remove your own role. Ask another coordinator.');
    }
    const others = await trx.selectFrom('memberships').select('id').where('user_id', '=', membership.user_id).where('id', '!=', membership.id).limit(1).executeTakeFirst();
    if (!others) {
      throw new AppError('admin_last_membership', 'This is the person’s only role. Disable the account instead.');
    }
    const now = ctx.clock.now();
    const revoked = await trx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('active_membership_id', '=', membership.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    await trx.updateTable('sessions').set({ active_membership_id: null }).where('active_membership_id', '=', membership.id).execute();
    await trx.deleteFrom('memberships').where('id', '=', membership.id).execute();
    await recordAudit(trx, ctx, {
      action: 'admin.membership.remove',
      resourceType: 'membership',
      resourceId: membership.id,
      details: { userId: membership.user_id, organisationId: membership.organisation_id, role: membership.role, sessionsRevoked: Number(revoked.numUpdatedRows), security: true },
    });
    const [dto] = await loadNetworkUsers(trx, actor, { userId: membership.user_id });
    if (!dto) throw notFound('user');
    return dto;
  });
}
