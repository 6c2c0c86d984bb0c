// GET /api/admin/organisations: the practices, services and office of my network.
import type { AdminOrganisationList } from '../../../contracts/admin/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan, organisationScope } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/app-error.ts';
import { organisationDto } from './organisation-dto.ts';
import './actions.ts';

export async function networkOf(ctx: Ctx, networkId: string | null) {
  const network = await ctx.db.selectFrom('networks').select(['id', 'name', 'country']).where('id', '=', networkId ?? '00000000-0000-0000-0000-000000000000').executeTakeFirst();
  if (!network) throw notFound('network');
  return network;
}

export async function listOrganisations(ctx: Ctx): Promise<AdminOrganisationList> {
  const actor = requireActor(ctx);
  assertCan(actor, 'admin.organisations.read');
  const network = await networkOf(ctx, actor.networkId);
  const rows = await ctx.db
    .selectFrom('organisations')
    .where(organisationScope(actor))
    .select(['organisations.id', 'organisations.kind', 'organisations.name', 'organisations.settings', 'organisations.created_at'])
    .select((eb) =>
      eb.selectFrom('memberships').select((m) => m.fn.count<number>('memberships.user_id').distinct().as('n')).whereRef('memberships.organisation_id', '=', 'organisations.id').as('member_count'),
    )
    .orderBy('organisations.kind')
    .orderBy('organisations.name')
    .execute();
  return { network, organisations: rows.map((r) => organisationDto(r, network.country)) };
}
