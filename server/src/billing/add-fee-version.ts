// A change to a fee is a new version, never an overwrite: the entry's validity
// closes the day before the new version starts, and the new version runs to
// the old end. Lines already billed keep the entry (and amounts) they were
// computed from, so a version may not start on or before an act already billed
// with the entry.
import { dayBefore, type FeeEntry, type FeeVersionCreate } from '../../../contracts/billing/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { feeEntryDto, networkOf } from './fee-dto.ts';
import { assertNoOverlap, lockAct } from './fee-periods.ts';
import './actions.ts';

export async function addFeeVersion(ctx: Ctx, feeEntryId: string, input: FeeVersionCreate): Promise<FeeEntry> {
  const actor = requireActor(ctx);
  assertCan(actor, 'billing.fees.manage');
  return ctx.db.transaction().execute(async (trx) => {
    const { country } = await networkOf(trx, actor);
    const found = await trx.selectFrom('fee_schedule_entries').select(['act_code']).where('id', '=', feeEntryId).where('country', '=', country).executeTakeFirst();
    if (!found) throw notFound('fee schedule entry');
    await lockAct(trx, country, found.act_code);
    // Read again under the lock: another version may just have closed it.
    const entry = await trx.selectFrom('fee_schedule_entries').selectAll().where('id', '=', feeEntryId).executeTakeFirstOrThrow();
    const invalid = (message: string, detail: string) => new AppError('validation_failed', detail, { fields: [{ path: 'validFrom', message }] });
    if (input.validFrom <= entry.valid_from) throw invalid('version_starts_too_early', `A new version must start after ${entry.valid_from}.`);
    if (entry.valid_to !== null && input.validFrom > entry.valid_to) throw invalid('version_after_end', `This entry ends on ${entry.valid_to}: add a new entry for a later period.`);
    const lastBilled = await trx
      .selectFrom('billing_lines')
      .select((eb) => eb.fn.max('act_date').as('last'))
      .where('fee_entry_id', '=', entry.id)
      .executeTakeFirst();
    if (lastBilled?.last && input.validFrom <= lastBilled.last) {
      throw new AppError('validation_failed', `Acts up to ${lastBilled.last} were already billed with this entry.`, {
        fields: [{ path: 'validFrom', message: 'version_before_billed_acts' }],
        extra: { lastBilledActDate: lastBilled.last },
      });
    }
    await assertNoOverlap(trx, country, entry.act_code, { from: input.validFrom, to: entry.valid_to }, entry.id);
    const closedTo = dayBefore(input.validFrom);
    await trx.updateTable('fee_schedule_entries').set({ valid_to: closedTo }).where('id', '=', entry.id).execute();
    const row = await trx
      .insertInto('fee_schedule_entries')
      .values({
        country,
        act_code: entry.act_code,
        label_fr: input.labelFr,
        label_en: input.labelEn,
        billed_by: entry.billed_by,
        amount_cents: input.amountCents,
        currency: entry.currency,
        insurer_share_coordinated: input.insurerShareCoordinated,
        insurer_share_uncoordinated: input.insurerShareUncoordinated,
        yearly_cap_per_patient: input.yearlyCapPerPatient,
        valid_from: input.validFrom,
        valid_to: entry.valid_to,
        previous_id: entry.id,
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'billing.fee_version',
      resourceType: 'fee_schedule_entry',
      resourceId: row.id,
      details: {
        country,
        actCode: entry.act_code,
        previousId: entry.id,
        previousValidTo: entry.valid_to,
        closedTo,
        before: { amountCents: entry.amount_cents, insurerShareCoordinated: entry.insurer_share_coordinated, insurerShareUncoordinated: entry.insurer_share_uncoordinated, yearlyCapPerPatient: entry.yearly_cap_per_patient },
        after: { amountCents: input.amountCents, insurerShareCoordinated: input.insurerShareCoordinated, insurerShareUncoordinated: input.insurerShareUncoordinated, yearlyCapPerPatient: input.yearlyCapPerPatient, validFrom: input.validFrom },
      },
    });
    return feeEntryDto(row);
  });
}
