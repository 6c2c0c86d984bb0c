// One line of the visit's timeline (joined, admitted, left), audited in the
// same transaction. `userId` is whose event it is: the admitted patient for
// "admitted" (the audit event names the dermatologist who let them in).
import type { Ctx } from '../context.ts';
import { recordAudit } from '../audit/record-audit.ts';

export async function recordVisitEvent(
  ctx: Pick<Ctx, 'db' | 'actor' | 'origin' | 'clock'>,
  input: { appointmentId: string; patientId: string; userId: string; kind: 'joined' | 'admitted' | 'left'; connectionId: string; reason?: string },
): Promise<Date> {
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('visit_events').values({ appointment_id: input.appointmentId, user_id: input.userId, kind: input.kind, at }).execute();
    await recordAudit(trx, ctx, {
      action: `visit.${input.kind}`,
      resourceType: 'appointment',
      resourceId: input.appointmentId,
      patientId: input.patientId,
      details: { connectionId: input.connectionId, ...(input.reason ? { reason: input.reason } : {}) },
    });
  });
  return at;
}
