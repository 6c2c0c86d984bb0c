// The fee schedule of the coordinator's network's country: every entry, past,
// current and future, newest period first within each act.
import { sql } from 'kysely';
import { CURRENCY_OF, type FeeSchedule } from '../../../contracts/billing/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { feeEntryDto, networkOf } from './fee-dto.ts';
import { dayIn } from './fee-lookup.ts';
import './actions.ts';

export async function listFees(ctx: Ctx): Promise<FeeSchedule> {
  const actor = requireActor(ctx);
  assertCan(actor, 'billing.fees.read');
  return ctx.db.transaction().execute(async (trx) => {
    const network = await networkOf(trx, actor);
    const rows = await trx
      .selectFrom('fee_schedule_entries as f')
      .leftJoin('users as u', 'u.id', 'f.created_by')
      .selectAll('f')
      .select(['u.display_name as created_by_name'])
      .select(sql<number>`(select count(*) from billing_lines bl where bl.fee_entry_id = f.id)`.as('line_count'))
      .where('f.country', '=', network.country)
      .orderBy('f.act_code')
      .orderBy('f.valid_from', 'desc')
      .execute();
    await recordAudit(trx, ctx, { action: 'billing.fees_read', resourceType: 'fee_schedule', resourceId: null, details: { country: network.country } });
    return { country: network.country, currency: CURRENCY_OF[network.country], today: dayIn(ctx.clock.now(), network.timeZone), entries: rows.map(feeEntryDto) };
  });
}
