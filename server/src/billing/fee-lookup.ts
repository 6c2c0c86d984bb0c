// Which fee schedule entries apply to an act: those of the network's country,
// billed by the given party, valid on the act's calendar day.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { BilledBy, Country } from './tables.ts';

type Db = Kysely<DB> | Transaction<DB>;

export function feesValidOn(db: Db, country: Country, billedBy: readonly BilledBy[], day: string) {
  return db
    .selectFrom('fee_schedule_entries')
    .selectAll()
    .where('country', '=', country)
    .where('billed_by', 'in', billedBy)
    .where('valid_from', '<=', day)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', day)]))
    .orderBy('act_code')
    .execute();
}

/** The entry of one act valid on a day, if any. */
export function feeFor(db: Db, country: Country, actCode: string, day: string) {
  return db
    .selectFrom('fee_schedule_entries')
    .selectAll()
    .where('country', '=', country)
    .where('act_code', '=', actCode)
    .where('valid_from', '<=', day)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', day)]))
    .executeTakeFirst();
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function dayIn(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}
