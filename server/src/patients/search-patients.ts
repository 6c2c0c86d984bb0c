// Finds patients the actor may see by part of a name (accent- and
// case-insensitive) and/or birth date. Each patient returned is audited.
import { sql } from 'kysely';
import type { PatientSearchQuery, PatientSummary } from '../../../contracts/patients/patient.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan, patientScope } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { patientSummary } from './patient-dto.ts';
import '../cases/case-scope.ts';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchPatients(ctx: Ctx, query: PatientSearchQuery): Promise<{ items: PatientSummary[] }> {
  const actor = requireActor(ctx);
  assertCan(actor, 'patient.read');
  const now = ctx.clock.now();
  const words = (query.q ?? '').split(/\s+/).filter(Boolean).slice(0, 4);
  return ctx.db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom('patients')
      .select(['id', 'family_name', 'given_name', 'birth_date', 'sex'])
      .where(patientScope(actor));
    for (const word of words) {
      const pattern = sql<string>`dl_fold(${escapeLike(word)}) || '%'`;
      q = q.where((eb) =>
        eb.or([
          eb('family_name_folded', 'like', pattern),
          eb('given_name_folded', 'like', pattern),
          eb('family_name_folded', 'like', sql<string>`'% ' || dl_fold(${escapeLike(word)}) || '%'`),
        ]),
      );
    }
    if (query.birthDate) q = q.where('birth_date', '=', query.birthDate);
    const rows = await q.orderBy('family_name_folded').orderBy('given_name_folded').orderBy('birth_date').limit(query.limit).execute();
    for (const row of rows) {
      await recordAudit(trx, ctx, { action: 'patient.search_result', resourceType: 'patient', resourceId: row.id, patientId: row.id });
    }
    if (rows.length === 0) await recordAudit(trx, ctx, { action: 'patient.search', resourceType: 'patient', details: { results: 0 } });
    return { items: rows.map((row) => patientSummary(row, now)) };
  });
}
