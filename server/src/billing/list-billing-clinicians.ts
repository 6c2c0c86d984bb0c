// The clinicians of the coordinator's network who bill acts (requesters and
// dermatologists), to pick whose statement to open.
import type { BillingClinician } from '../../../contracts/billing/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import './actions.ts';

export async function listBillingClinicians(ctx: Ctx): Promise<{ clinicians: BillingClinician[] }> {
  const actor = requireActor(ctx);
  assertCan(actor, 'billing.clinicians.list');
  const rows = await ctx.db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'm.role', 'o.name as organisation_name'])
    .where('o.network_id', '=', actor.networkId ?? '00000000-0000-0000-0000-000000000000')
    .where('m.role', 'in', ['requester', 'dermatologist'])
    .orderBy('u.display_name')
    .orderBy('o.name')
    .execute();
  const seen = new Set<string>();
  const clinicians: BillingClinician[] = [];
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    clinicians.push({ id: r.id, name: r.display_name, role: r.role as 'requester' | 'dermatologist', organisationName: r.organisation_name });
  }
  return { clinicians };
}
