// GET /api/appointments/:appointmentId/video: what the waiting room needs
// before it connects: the window, the state, who the other person is, and
// whether the patient has already been let in.
import type { VideoRoom } from '../../../contracts/video/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { findVisitAsParticipant } from './video-scope.ts';
import { roomState, visitWindow } from './visit-window.ts';
import './actions.ts';

export async function getVideoRoom(ctx: Ctx, appointmentId: string): Promise<VideoRoom> {
  const actor = requireActor(ctx);
  assertCan(actor, 'video.join');
  return ctx.db.transaction().execute(async (trx) => {
    const visit = await findVisitAsParticipant(trx, actor, appointmentId);
    const admitted = await trx.selectFrom('visit_events').select('id').where('appointment_id', '=', appointmentId).where('kind', '=', 'admitted').executeTakeFirst();
    await recordAudit(trx, ctx, { action: 'visit.room_read', resourceType: 'appointment', resourceId: appointmentId, patientId: visit.patientId });
    const now = ctx.clock.now();
    const { opensAt, closesAt } = visitWindow(visit.startsAt, visit.endsAt);
    return {
      appointmentId,
      startsAt: visit.startsAt.toISOString(),
      endsAt: visit.endsAt.toISOString(),
      opensAt: opensAt.toISOString(),
      closesAt: closesAt.toISOString(),
      timeZone: visit.timeZone,
      state: roomState(now, visit),
      myRole: actor.role === 'dermatologist' ? 'dermatologist' : 'patient',
      counterpartName: actor.role === 'dermatologist' ? visit.patientName : visit.dermatologistName,
      admitted: !!admitted,
      serverTime: now.toISOString(),
    };
  });
}
