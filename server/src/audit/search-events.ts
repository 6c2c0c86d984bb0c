// The coordinator's search of the audit trail: their network only, newest
// first, paginated. The search itself is audited.
import type { z } from 'zod';
import type { AuditEventPage, AuditSearchQuerySchema } from '../../../contracts/audit/index.ts';
import { requireActor, type Actor } from '../auth/actor.ts';
import { assertCan, auditEventScope, patientScope } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { recordAudit } from './record-audit.ts';

export type AuditSearch = z.output<typeof AuditSearchQuerySchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchAuditEvents(ctx: Ctx, query: AuditSearch): Promise<AuditEventPage> {
  const actor = requireActor(ctx);
  assertCan(actor, 'audit.search');
  return ctx.db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('audit_events').where(auditEventScope(actor));
    if (query.user) {
      const user = query.user;
      if (UUID.test(user)) q = q.where('audit_events.actor_user_id', '=', user);
      else {
        const pattern = `%${escapeLike(user)}%`;
        q = q.where('audit_events.actor_user_id', 'in', (eb) =>
          eb.selectFrom('users').select('users.id').where((w) => w.or([w('users.display_name', 'ilike', pattern), w('users.email', 'ilike', pattern)])),
        );
      }
    }
    if (query.patientId) q = q.where('audit_events.patient_id', '=', query.patientId);
    if (query.from) q = q.where('audit_events.occurred_at', '>=', new Date(query.from));
    if (query.to) q = q.where('audit_events.occurred_at', '<', new Date(query.to));
    if (query.action) {
      q = query.action.endsWith('*')
        ? q.where('audit_events.action', 'like', `${escapeLike(query.action.slice(0, -1))}%`)
        : q.where('audit_events.action', '=', query.action);
    }
    const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await q
      .leftJoin('users as u', 'u.id', 'audit_events.actor_user_id')
      .leftJoin('organisations as o', 'o.id', 'audit_events.actor_organisation_id')
      .select([
        'audit_events.id', 'audit_events.seq', 'audit_events.occurred_at', 'audit_events.actor_user_id', 'u.display_name as actor_name',
        'audit_events.actor_role', 'audit_events.actor_organisation_id', 'o.name as organisation_name', 'audit_events.action',
        'audit_events.resource_type', 'audit_events.resource_id', 'audit_events.patient_id', 'audit_events.outcome', 'audit_events.ip', 'audit_events.details',
      ])
      .orderBy('audit_events.seq', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();

    await recordAudit(trx, ctx, {
      action: 'audit.search',
      resourceType: 'audit_trail',
      // A search about one patient is an access to that patient's trail: it shows in their access log.
      patientId: query.patientId && (await patientInScope(trx, actor, query.patientId)) ? query.patientId : null,
      details: {
        filters: (['user', 'patientId', 'from', 'to', 'action'] as const).filter((k) => query[k] !== undefined),
        page: query.page,
        results: Number(total),
      },
    });

    return {
      page: query.page,
      pageSize: query.pageSize,
      total: Number(total),
      events: rows.map((r) => ({
        id: r.id,
        seq: Number(r.seq),
        occurredAt: r.occurred_at.toISOString(),
        actor: r.actor_user_id ? { id: r.actor_user_id, displayName: r.actor_name ?? '' } : null,
        actorRole: r.actor_role,
        actorOrganisation: r.actor_organisation_id ? { id: r.actor_organisation_id, name: r.organisation_name ?? '' } : null,
        action: r.action,
        resourceType: r.resource_type,
        resourceId: r.resource_id,
        patientId: r.patient_id,
        outcome: r.outcome,
        ip: r.ip,
        details: typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : (r.details ?? {}),
      })),
    };
  });
}

async function patientInScope(trx: Ctx['db'], actor: Actor, patientId: string): Promise<boolean> {
  const row = await trx.selectFrom('patients').select('patients.id').where('patients.id', '=', patientId).where(patientScope(actor)).executeTakeFirst();
  return Boolean(row);
}
