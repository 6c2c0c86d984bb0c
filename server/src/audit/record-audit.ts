// Writes one audit event, in the caller's transaction so that the event and the
// access it records stand or fall together. The database trigger chains it.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';

export interface AuditInput {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
  outcome?: 'success' | 'failure' | 'denied';
  /** Non-clinical facts only (ids, counts, reasons): never names or clinical text. */
  details?: Record<string, unknown>;
  /** For security events before a session exists (sign-in failures). */
  actorUserId?: string | null;
}

/** The row recordAudit writes (also written in batches by recordReadAudit). */
export function auditRow(ctx: Pick<Ctx, 'actor' | 'origin'>, input: AuditInput): Insertable<DB['audit_events']> {
  return {
    actor_user_id: input.actorUserId ?? ctx.actor?.userId ?? null,
    actor_role: ctx.actor?.role ?? null,
    actor_organisation_id: ctx.actor?.organisationId ?? null,
    session_id: ctx.actor?.sessionId ?? null,
    action: input.action,
    resource_type: input.resourceType,
    resource_id: input.resourceId ?? null,
    patient_id: input.patientId ?? null,
    ip: ctx.origin.ip,
    user_agent: ctx.origin.userAgent,
    outcome: input.outcome ?? 'success',
    details: JSON.stringify(input.details ?? {}),
  };
}

export async function recordAudit(
  db: Kysely<DB> | Transaction<DB>,
  ctx: Pick<Ctx, 'actor' | 'origin'>,
  input: AuditInput,
): Promise<void> {
  await db.insertInto('audit_events').values(auditRow(ctx, input)).execute();
}
