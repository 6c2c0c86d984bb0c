// GET /api/me/access-log: "who looked at my record", for the patient, in
// plain language. Names, roles and organisations only: never IP addresses,
// sessions or internal ids. Reading it is audited against each of their records.
import { createHash } from 'node:crypto';
import type { AccessLog } from '../../../contracts/audit/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan, auditEventScope, patientScope } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { accessKindOf } from './access-kinds.ts';
import { recordAudit } from './record-audit.ts';

const ROLES = new Set(['requester', 'dermatologist', 'coordinator', 'pharmacist', 'patient'] as const);
type RoleName = 'requester' | 'dermatologist' | 'coordinator' | 'patient';

export async function readAccessLog(ctx: Ctx, input: { limit: number }): Promise<AccessLog> {
  const actor = requireActor(ctx);
  assertCan(actor, 'audit.read_own_record');
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('audit_events')
      .innerJoin('users as u', 'u.id', 'audit_events.actor_user_id')
      .leftJoin('organisations as o', 'o.id', 'audit_events.actor_organisation_id')
      .where(auditEventScope(actor))
      .where('audit_events.outcome', '=', 'success')
      .select(['audit_events.id', 'audit_events.occurred_at', 'audit_events.action', 'audit_events.resource_type', 'audit_events.actor_role', 'u.display_name', 'o.name as organisation_name'])
      .orderBy('audit_events.seq', 'desc')
      .limit(input.limit + 1)
      .execute();
    const records = await trx.selectFrom('patients').select('patients.id').where(patientScope(actor)).execute();
    for (const record of records) {
      await recordAudit(trx, ctx, { action: 'audit.access_log.read', resourceType: 'access_log', patientId: record.id, details: { shown: Math.min(rows.length, input.limit) } });
    }
    return {
      hasMore: rows.length > input.limit,
      entries: rows.slice(0, input.limit).map((r) => ({
        key: createHash('sha256').update(r.id).digest('base64url').slice(0, 16),
        who: r.display_name,
        role: r.actor_role && ROLES.has(r.actor_role as RoleName) ? (r.actor_role as RoleName) : null,
        organisation: r.organisation_name ?? null,
        what: accessKindOf(r.action, r.resource_type),
        when: r.occurred_at.toISOString(),
      })),
    };
  });
}
