// The dermatology services of the requester's network and their dermatologists,
// for the routing choice of the request form.
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { serviceSettings } from './service-settings.ts';
import './actions.ts';

export async function routingOptions(ctx: Ctx) {
  const actor = requireActor(ctx);
  assertCan(actor, 'routing.read');
  const networkId = actor.networkId ?? '00000000-0000-0000-0000-000000000000';
  const services = await ctx.db
    .selectFrom('organisations')
    .innerJoin('networks', 'networks.id', 'organisations.network_id')
    .select(['organisations.id', 'organisations.name', 'organisations.settings', 'networks.country'])
    .where('organisations.network_id', '=', networkId)
    .where('organisations.kind', '=', 'dermatology_service')
    .orderBy('organisations.name')
    .execute();
  const people =
    services.length === 0
      ? []
      : await ctx.db
          .selectFrom('memberships')
          .innerJoin('users', 'users.id', 'memberships.user_id')
          .select(['memberships.organisation_id', 'users.id', 'users.display_name'])
          .where('memberships.organisation_id', 'in', services.map((s) => s.id))
          .where('memberships.role', '=', 'dermatologist')
          .where('users.status', '=', 'active')
          .orderBy('users.display_name')
          .execute();
  return {
    services: services.map((s) => {
      const settings = serviceSettings(s.settings, s.country);
      return {
        id: s.id,
        name: s.name,
        routineCalendarDays: settings.policy.routineCalendarDays,
        urgentWorkingDays: settings.policy.urgentWorkingDays,
        dermatologists: people.filter((p) => p.organisation_id === s.id).map((p) => ({ id: p.id, name: p.display_name })),
      };
    }),
  };
}
