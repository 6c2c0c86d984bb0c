// The audit event of a read, as the select list of an `insert into audit_events
// ... select` inside the read's own statement (a data-modifying CTE): the event
// is written with exactly the columns recordAudit (audit/record-audit.ts) writes,
// and the read and its event commit together without a transaction of several
// round trips. Values may be parameters or expressions over the read's rows.
import { sql, type Expression } from 'kysely';
import type { Ctx } from '../context.ts';

/** The columns auditSelection yields, in order (for `.columns(...)`). */
export const AUDIT_COLUMNS = [
  'actor_user_id',
  'actor_role',
  'actor_organisation_id',
  'session_id',
  'action',
  'resource_type',
  'resource_id',
  'patient_id',
  'ip',
  'user_agent',
  'outcome',
  'details',
] as const;

type Operand<T> = T | Expression<T>;

const isExpression = (v: unknown): v is Expression<unknown> => typeof v === 'object' && v !== null && 'toOperationNode' in v;

export function auditSelection(
  ctx: Pick<Ctx, 'actor' | 'origin'>,
  input: {
    action: Operand<string>;
    resourceType: string;
    resourceId?: Operand<string | null>;
    patientId?: Operand<string | null>;
    /** Non-clinical facts only: an object (sent as JSON) or a jsonb expression. */
    details?: Record<string, unknown> | Expression<unknown>;
  },
) {
  const details = isExpression(input.details) ? input.details : sql.val(JSON.stringify(input.details ?? {}));
  return [
    sql<string | null>`${ctx.actor?.userId ?? null}::uuid`.as('actor_user_id'),
    sql<string | null>`${ctx.actor?.role ?? null}::text`.as('actor_role'),
    sql<string | null>`${ctx.actor?.organisationId ?? null}::uuid`.as('actor_organisation_id'),
    sql<string | null>`${ctx.actor?.sessionId ?? null}::uuid`.as('session_id'),
    sql<string>`${input.action}::text`.as('action'),
    sql<string>`${input.resourceType}::text`.as('resource_type'),
    sql<string | null>`${input.resourceId ?? null}::text`.as('resource_id'),
    sql<string | null>`${input.patientId ?? null}::uuid`.as('patient_id'),
    sql<string | null>`${ctx.origin.ip}::text`.as('ip'),
    sql<string | null>`${ctx.origin.userAgent}::text`.as('user_agent'),
    sql<string>`'success'::text`.as('outcome'),
    sql<string>`${details}::jsonb`.as('details'),
  ];
}
