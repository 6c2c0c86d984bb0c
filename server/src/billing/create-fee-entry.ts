// The coordinator adds an entry to their country's fee schedule: a new act, or
// a new period of an act with no entry valid then. Amounts and rates are
// validated by the contract; the period must not overlap another entry of the
// act, and an act keeps the same biller across its periods.
import { CURRENCY_OF, type FeeEntry, type FeeEntryCreate } from '../../../contracts/billing/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { feeEntryDto, networkOf } from './fee-dto.ts';
import { assertNoOverlap, lockAct } from './fee-periods.ts';
import './actions.ts';

export async function createFeeEntry(ctx: Ctx, input: FeeEntryCreate): Promise<FeeEntry> {
  const actor = requireActor(ctx);
  assertCan(actor, 'billing.fees.manage');
  return ctx.db.transaction().execute(async (trx) => {
    const { country } = await networkOf(trx, actor);
    await lockAct(trx, country, input.actCode);
    const sameAct = await trx.selectFrom('fee_schedule_entries').select('billed_by').where('country', '=', country).where('act_code', '=', input.actCode).executeTakeFirst();
    if (sameAct && sameAct.billed_by !== input.billedBy) {
      throw new AppError('validation_failed', `${input.actCode} is billed by the ${sameAct.billed_by}.`, { fields: [{ path: 'billedBy', message: 'billed_by_mismatch' }] });
    }
    await assertNoOverlap(trx, country, input.actCode, { from: input.validFrom, to: input.validTo });
    const row = await trx
      .insertInto('fee_schedule_entries')
      .values({
        country,
        act_code: input.actCode,
        label_fr: input.labelFr,
        label_en: input.labelEn,
        billed_by: input.billedBy,
        amount_cents: input.amountCents,
        currency: CURRENCY_OF[country],
        insurer_share_coordinated: input.insurerShareCoordinated,
        insurer_share_uncoordinated: input.insurerShareUncoordinated,
        yearly_cap_per_patient: input.yearlyCapPerPatient,
        valid_from: input.validFrom,
        valid_to: input.validTo,
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'billing.fee_create', resourceType: 'fee_schedule_entry', resourceId: row.id, details: { country, ...input } });
    return feeEntryDto(row);
  });
}
