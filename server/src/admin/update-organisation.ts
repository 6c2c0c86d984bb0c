// PATCH /api/admin/organisations/:id: rename, or change a service's deadline settings.
import type { AdminOrganisation, UpdateOrganisationBody } from '../../../contracts/admin/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan, organisationScope } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { forgetOrganisationName } from '../directory/name-directory.ts';
import { networkOf } from './list-organisations.ts';
import { organisationDto, serviceSettingsOf } from './organisation-dto.ts';
import './actions.ts';

export async function updateOrganisation(ctx: Ctx, id: string, body: UpdateOrganisationBody): Promise<AdminOrganisation> {
  const actor = requireActor(ctx);
  assertCan(actor, 'admin.organisations.write');
  const network = await networkOf(ctx, actor.networkId);
  return ctx.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('organisations')
      .where(organisationScope(actor))
      .where('organisations.id', '=', id)
      .select(['organisations.id', 'organisations.kind', 'organisations.name', 'organisations.settings'])
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound('organisation');
    if (body.settings && current.kind !== 'dermatology_service') {
      throw new AppError('validation_failed', 'Only dermatology services have deadline settings.', { fields: [{ path: 'settings', message: 'validation.settingsOnlyForServices' }] });
    }
    const before = current.kind === 'dermatology_service' ? serviceSettingsOf(current.settings, network.country) : null;
    // Other keys a feature may keep in settings are left as they are.
    const settings = body.settings ? { ...(current.settings as Record<string, unknown>), ...body.settings } : current.settings;
    const row = await trx
      .updateTable('organisations')
      .set({ name: body.name ?? current.name, settings: JSON.stringify(settings) })
      .where('id', '=', id)
      .returning(['id', 'kind', 'name', 'settings', 'created_at'])
      .executeTakeFirstOrThrow();
    forgetOrganisationName(ctx.services, id);
    const memberCount = await trx
      .selectFrom('memberships')
      .select((eb) => eb.fn.count<number>('user_id').distinct().as('n'))
      .where('organisation_id', '=', id)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'admin.organisation.update',
      resourceType: 'organisation',
      resourceId: id,
      details: { renamed: body.name !== undefined && body.name !== current.name, ...(body.settings ? { before, after: body.settings } : {}) },
    });
    return organisationDto({ ...row, member_count: memberCount.n }, network.country);
  });
}
