// No two entries of one country and act may be valid on the same day. Checked
// under a transaction-scoped advisory lock per country and act, so two
// coordinators saving at once cannot both pass the check.
import { sql, type Transaction } from 'kysely';
import { periodsOverlap } from '../../../contracts/billing/index.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { Country } from './tables.ts';

export async function lockAct(trx: Transaction<DB>, country: Country, actCode: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`fee-schedule:${country}:${actCode}`}))`.execute(trx);
}

/** Refuses a period that overlaps another entry of the act (except `ignoreId`, the entry being closed). */
export async function assertNoOverlap(
  trx: Transaction<DB>,
  country: Country,
  actCode: string,
  period: { from: string; to: string | null },
  ignoreId: string | null = null,
): Promise<void> {
  const others = await trx
    .selectFrom('fee_schedule_entries')
    .select(['id', 'valid_from', 'valid_to'])
    .where('country', '=', country)
    .where('act_code', '=', actCode)
    .$if(ignoreId !== null, (qb) => qb.where('id', '!=', ignoreId!))
    .execute();
  const clash = others.find((o) => periodsOverlap(period, { from: o.valid_from, to: o.valid_to }));
  if (clash) {
    throw new AppError('fee_period_overlap', `Another ${actCode} entry is valid from ${clash.valid_from}${clash.valid_to ? ` to ${clash.valid_to}` : ''}.`, {
      fields: [{ path: 'validFrom', message: 'fee_overlap' }],
      extra: { overlapsWith: { id: clash.id, validFrom: clash.valid_from, validTo: clash.valid_to } },
    });
  }
}
