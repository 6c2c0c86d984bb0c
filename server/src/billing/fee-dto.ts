// Fee schedule rows as the API shows them, and the coordinator's network.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { FeeEntry } from '../../../contracts/billing/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { DB } from '../db/schema.ts';
import { notFound } from '../errors/app-error.ts';
import type { Country, FeeScheduleEntriesTable } from './tables.ts';

type Db = Kysely<DB> | Transaction<DB>;

export function feeEntryDto(row: Selectable<FeeScheduleEntriesTable> & { created_by_name?: string | null; line_count?: number | string | null }): FeeEntry {
  return {
    id: row.id,
    country: row.country,
    actCode: row.act_code,
    labelFr: row.label_fr,
    labelEn: row.label_en,
    billedBy: row.billed_by,
    amountCents: row.amount_cents,
    currency: row.currency,
    insurerShareCoordinated: row.insurer_share_coordinated,
    insurerShareUncoordinated: row.insurer_share_uncoordinated,
    yearlyCapPerPatient: row.yearly_cap_per_patient,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    previousId: row.previous_id,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by_name ?? null,
    lineCount: Number(row.line_count ?? 0),
  };
}

/** The coordinator's network: its country decides which schedule they see and edit. */
export async function networkOf(db: Db, actor: Actor): Promise<{ id: string; country: Country; timeZone: string }> {
  const network = await db
    .selectFrom('networks')
    .select(['id', 'country', 'time_zone'])
    .where('id', '=', actor.networkId ?? '00000000-0000-0000-0000-000000000000')
    .executeTakeFirst();
  if (!network) throw notFound('network');
  return { id: network.id, country: network.country, timeZone: network.time_zone };
}
