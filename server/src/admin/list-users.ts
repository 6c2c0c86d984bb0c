// GET /api/admin/users: the clinicians of my network and their memberships in it.
import type { AdminUser } from '../../../contracts/admin/index.ts';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan, networkUserScope, organisationScope } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import './actions.ts';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function loadNetworkUsers(db: Kysely<DB>, actor: Actor, filter: { q?: string; userId?: string }): Promise<AdminUser[]> {
  let q = db
    .selectFrom('users')
    .where(networkUserScope(actor))
    .where('users.kind', '=', 'clinician')
    .select(['users.id', 'users.display_name', 'users.email', 'users.status', 'users.professional_id']);
  if (filter.userId) q = q.where('users.id', '=', filter.userId);
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    q = q.where((eb) => eb.or([eb('users.display_name', 'ilike', pattern), eb('users.email', 'ilike', pattern)]));
  }
  const users = await q.orderBy('users.display_name').limit(500).execute();
  if (users.length === 0) return [];
  const memberships = await db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .where(organisationScope(actor))
    .where(
      'memberships.user_id',
      'in',
      users.map((u) => u.id),
    )
    .select(['memberships.id', 'memberships.user_id', 'memberships.organisation_id', 'memberships.role', 'organisations.name'])
    .orderBy('organisations.name')
    .execute();
  return users.map((u) => ({
    id: u.id,
    displayName: u.display_name,
    email: u.email,
    status: u.status,
    professionalId: u.professional_id,
    memberships: memberships
      .filter((m) => m.user_id === u.id)
      .map((m) => ({ id: m.id, organisationId: m.organisation_id, organisationName: m.name, role: m.role })),
  }));
}

export async function listUsers(ctx: Ctx, query: { q?: string }): Promise<{ users: AdminUser[] }> {
  const actor = requireActor(ctx);
  assertCan(actor, 'admin.users.read');
  return { users: await loadNetworkUsers(ctx.db, actor, { q: query.q }) };
}
