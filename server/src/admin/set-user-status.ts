// PATCH /api/admin/users/:id/status: disable (sessions end at once) or enable an account.
import type { AdminUser, UserStatusBody } from '../../../contracts/admin/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan, networkUserScope } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { loadNetworkUsers } from './list-users.ts';
import './actions.ts';

export async function setUserStatus(ctx: Ctx, userId: string, body: UserStatusBody): Promise<AdminUser> {
  const actor = requireActor(ctx);
  assertCan(actor, 'admin.users.status');
  return ctx.db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .where(networkUserScope(actor))
      .where('users.id', '=', userId)
      .where('users.kind', '=', 'clinician')
      .select(['users.id', 'users.status', 'users.password_hash'])
      .forUpdate()
      .executeTakeFirst();
    if (!user) throw notFound('user');
    if (user.id === actor.userId) throw new AppError('admin_self_change', 'You cannot disable your own account.');
    const now = ctx.clock.now();
    // Enabling an account that never finished its invitation puts it back to "invited".
    const next = body.status === 'disabled' ? 'disabled' : user.password_hash ? 'active' : 'invited';
    let sessionsRevoked = 0;
    if (next !== user.status) {
      await trx.updateTable('users').set({ status: next, updated_at: now }).where('id', '=', user.id).execute();
      if (next === 'disabled') {
        const res = await trx.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', user.id).where('revoked_at', 'is', null).executeTakeFirst();
        sessionsRevoked = Number(res.numUpdatedRows);
      }
      await recordAudit(trx, ctx, {
        action: next === 'disabled' ? 'admin.user.disable' : 'admin.user.enable',
        resourceType: 'user',
        resourceId: user.id,
        details: { from: user.status, to: next, sessionsRevoked, security: true },
      });
    }
    const [dto] = await loadNetworkUsers(trx, actor, { userId: user.id });
    return dto!;
  });
}
