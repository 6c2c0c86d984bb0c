// Reading a patient's consents (with the names of who recorded / withdrew them).
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ConsentRow } from './patient-dto.ts';

export async function consentsOf(db: Kysely<DB> | Transaction<DB>, patientId: string): Promise<ConsentRow[]> {
  return db
    .selectFrom('consents as c')
    .leftJoin('users as r', 'r.id', 'c.recorded_by')
    .leftJoin('users as w', 'w.id', 'c.withdrawn_by')
    .select([
      'c.id',
      'c.patient_id',
      'c.method',
      'c.scope',
      'c.recorded_by',
      'r.display_name as recorded_by_name',
      'c.recorded_at',
      'c.withdrawn_at',
      'c.withdrawn_by',
      'w.display_name as withdrawn_by_name',
      'c.withdrawal_reason',
    ])
    .where('c.patient_id', '=', patientId)
    .orderBy('c.recorded_at', 'desc')
    .execute();
}

/** Whether a current consent covers photos and remote expertise (checked at submission). */
export async function hasCurrentConsent(db: Kysely<DB> | Transaction<DB>, patientId: string): Promise<boolean> {
  const row = await db
    .selectFrom('consents')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('withdrawn_at', 'is', null)
    .where((eb) => eb.and([eb(eb.val('photos'), '=', eb.fn.any('scope')), eb(eb.val('remote_expertise'), '=', eb.fn.any('scope'))]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
