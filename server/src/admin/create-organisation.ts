// POST /api/admin/organisations: a new practice or dermatology service in my network.
import { DEFAULT_SERVICE_SETTINGS, type AdminOrganisation, type CreateOrganisationBody } from '../../../contracts/admin/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { networkOf } from './list-organisations.ts';
import { organisationDto } from './organisation-dto.ts';
import './actions.ts';

export async function createOrganisation(ctx: Ctx, body: CreateOrganisationBody): Promise<AdminOrganisation> {
  const actor = requireActor(ctx);
  assertCan(actor, 'admin.organisations.write');
  const network = await networkOf(ctx, actor.networkId);
  const settings = body.kind === 'dermatology_service' ? (body.settings ?? DEFAULT_SERVICE_SETTINGS[network.country]) : {};
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('organisations')
      .values({ network_id: network.id, kind: body.kind, name: body.name, settings: JSON.stringify(settings), created_at: ctx.clock.now() })
      .returning(['id', 'kind', 'name', 'settings', 'created_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'admin.organisation.create',
      resourceType: 'organisation',
      resourceId: row.id,
      details: { kind: body.kind, ...(body.kind === 'dermatology_service' ? { settings } : {}) },
    });
    return organisationDto({ ...row, member_count: 0 }, network.country);
  });
}
