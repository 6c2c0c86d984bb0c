// The coordinator ends an act "until further notice" on a day (the act is
// abolished or replaced by another code): the entry's validity closes, and acts
// after that day bill nothing for it. Only an open-ended entry can be ended,
// and not before an act already billed with it.
import type { FeeEntry, FeeEntryEnd } from '../../../contracts/billing/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { feeEntryDto, networkOf } from './fee-dto.ts';
import { lockAct } from './fee-periods.ts';
import './actions.ts';

export async function endFeeEntry(ctx: Ctx, feeEntryId: string, input: FeeEntryEnd): Promise<FeeEntry> {
  const actor = requireActor(ctx);
  assertCan(actor, 'billing.fees.manage');
  return ctx.db.transaction().execute(async (trx) => {
    const { country } = await networkOf(trx, actor);
    const found = await trx.selectFrom('fee_schedule_entries').select('act_code').where('id', '=', feeEntryId).where('country', '=', country).executeTakeFirst();
    if (!found) throw notFound('fee schedule entry');
    await lockAct(trx, country, found.act_code);
    const entry = await trx.selectFrom('fee_schedule_entries').selectAll().where('id', '=', feeEntryId).executeTakeFirstOrThrow();
    const invalid = (message: string, detail: string, extra?: Record<string, unknown>) => new AppError('validation_failed', detail, { fields: [{ path: 'validTo', message }], extra });
    if (entry.valid_to !== null) throw invalid('entry_already_ends', `This entry already ends on ${entry.valid_to}.`);
    if (input.validTo < entry.valid_from) throw invalid('valid_to_before_valid_from', `The entry starts on ${entry.valid_from}.`);
    const lastBilled = await trx.selectFrom('billing_lines').select((eb) => eb.fn.max('act_date').as('last')).where('fee_entry_id', '=', entry.id).executeTakeFirst();
    if (lastBilled?.last && input.validTo < lastBilled.last) {
      throw invalid('end_before_billed_acts', `Acts up to ${lastBilled.last} were already billed with this entry.`, { lastBilledActDate: lastBilled.last });
    }
    const row = await trx.updateTable('fee_schedule_entries').set({ valid_to: input.validTo }).where('id', '=', entry.id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'billing.fee_end', resourceType: 'fee_schedule_entry', resourceId: entry.id, details: { country, actCode: entry.act_code, validTo: input.validTo } });
    return feeEntryDto(row);
  });
}
