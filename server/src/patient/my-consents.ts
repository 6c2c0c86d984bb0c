// The patient's own consents: what they agreed to, and withdrawing it
// (recorded with who and when; audited). Withdrawing stops new requests being
// sent; requests already with a specialist are for the doctor to stop.
import type { MyConsent, MyConsents } from '../../../contracts/patient/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan, patientScope } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/app-error.ts';
import type { Actor } from '../auth/actor.ts';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import './actions.ts';

function ownConsents(db: Kysely<DB> | Transaction<DB>, actor: Actor) {
  return db
    .selectFrom('consents')
    .select(['consents.id', 'consents.patient_id', 'consents.scope', 'consents.method', 'consents.recorded_at', 'consents.withdrawn_at', 'consents.withdrawn_by'])
    .where('consents.patient_id', 'in', db.selectFrom('patients').select('patients.id').where(patientScope(actor)));
}

function dto(actor: Actor, c: { id: string; scope: string[]; method: string; recorded_at: Date; withdrawn_at: Date | null; withdrawn_by: string | null }): MyConsent {
  return {
    id: c.id,
    scope: c.scope as MyConsent['scope'],
    method: c.method as MyConsent['method'],
    recordedAt: c.recorded_at.toISOString(),
    withdrawnAt: c.withdrawn_at?.toISOString() ?? null,
    withdrawnByMe: c.withdrawn_at !== null && c.withdrawn_by === actor.userId,
  };
}

export async function myConsents(ctx: Ctx): Promise<MyConsents> {
  const actor = requireActor(ctx);
  assertCan(actor, 'patient.my_consents');
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await ownConsents(trx, actor).orderBy('consents.recorded_at', 'desc').execute();
    for (const patientId of new Set(rows.map((r) => r.patient_id))) {
      await recordAudit(trx, ctx, { action: 'patient.my_consents.read', resourceType: 'patient', resourceId: patientId, patientId });
    }
    return { consents: rows.map((r) => dto(actor, r)) };
  });
}

export async function withdrawMyConsent(ctx: Ctx, consentId: string): Promise<MyConsent> {
  const actor = requireActor(ctx);
  assertCan(actor, 'consent.withdraw');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await ownConsents(trx, actor).where('consents.id', '=', consentId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('consent');
    if (row.withdrawn_at) return dto(actor, row);
    const now = ctx.clock.now();
    const updated = await trx
      .updateTable('consents')
      .set({ withdrawn_at: now, withdrawn_by: actor.userId, withdrawal_reason: 'withdrawn_by_patient' })
      .where('id', '=', consentId)
      .where('withdrawn_at', 'is', null)
      .returning(['id', 'scope', 'method', 'recorded_at', 'withdrawn_at', 'withdrawn_by'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'consent.withdraw', resourceType: 'consent', resourceId: consentId, patientId: row.patient_id, details: { by: 'patient' } });
    return dto(actor, updated);
  });
}
