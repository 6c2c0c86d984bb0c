// Cancelling every visit still booked inside a leave, all or nothing. The
// availability page lists the visits booked on a leave's days
// (leave-conflicts.ts); "Cancel these visits" calls this once instead of one
// cancellation per visit from the browser, which could stop halfway (a phone
// losing its network) and leave some cancelled and others not.
//
// One transaction: the leave is read within the caller's own (another
// dermatologist's is not found, 404) and locked, so two calls for it take
// turns; the visits are found by the same rule as the warning
// (bookedVisitsInLeave: the leave's days in the appointment's zone, only the
// leave's service when it names one); each is locked and cancelled through the
// ordinary cancellation (cancelBookedAppointment: state, notification, audit,
// the patient's email and .ics as a mail job in this transaction). Any failure
// rolls back every cancellation and every email. A visit cancelled meanwhile
// (by its patient, the practice or an earlier call) is skipped, so a second
// call cancels nothing and answers 0.
//
// Lock order: the leave row, then appointment rows soonest first (as listed);
// no agenda lock is needed: once the leave is saved no booking can land on its
// days (slots.ts refuses them under that lock).
import type { CancelLeaveVisitsBody, CancelLeaveVisitsResult } from '../../../contracts/appointments/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { findAppointment } from './appointment-view.ts';
import { cancelBookedAppointment } from './change-appointment.ts';
import { bookedVisitsInLeave } from './leave-conflicts.ts';
import './actions.ts';

export interface CancelLeaveVisitsInput extends CancelLeaveVisitsBody {
  exceptionId: string;
}

// PostgreSQL: a deadlock or a serialisation failure; the whole call can simply be tried again.
const RETRYABLE_PG_CODES = new Set(['40P01', '40001', '55P03']);

/** Why nothing was cancelled, as one clear problem: the cause's code, and `cancelledCount: 0`. */
function nothingCancelled(error: unknown): AppError {
  if (error instanceof AppError) {
    if (error.code === 'not_found' || error.code === 'forbidden' || error.code === 'unauthenticated') return error;
    return new AppError(error.code, `No visit was cancelled: ${error.message}`, { fields: error.fields, extra: { ...error.extra, cancelledCount: 0 }, cause: error });
  }
  const pgCode = (error as { code?: unknown } | null)?.code;
  if (typeof pgCode === 'string' && RETRYABLE_PG_CODES.has(pgCode)) {
    return new AppError('conflict', 'No visit was cancelled: the visits were being changed at the same time. Try again.', { extra: { cancelledCount: 0 }, cause: error });
  }
  return new AppError('internal', 'No visit was cancelled: the cancellation failed on our side. Try again in a moment.', { extra: { cancelledCount: 0 }, cause: error });
}

export async function cancelLeaveVisits(ctx: Ctx, input: CancelLeaveVisitsInput): Promise<CancelLeaveVisitsResult> {
  const actor = requireActor(ctx);
  assertCan(actor, 'availability.manage');
  assertCan(actor, 'appointment.cancel');
  const reason = input.reason?.trim() || null;
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const leave = await trx
        .selectFrom('availability_exceptions')
        .select(['id', 'kind', 'starts_on', 'ends_on', 'service_id'])
        .where('id', '=', input.exceptionId)
        .where('dermatologist_user_id', '=', actor.userId)
        .forUpdate()
        .executeTakeFirst();
      if (!leave) throw new AppError('not_found', 'Leave not found.');
      const now = ctx.clock.now();
      const affected = (await bookedVisitsInLeave(trx, actor.userId, [leave], now)).get(leave.id) ?? [];
      const cancelledIds: string[] = [];
      let emailedCount = 0;
      for (const visit of affected) {
        const row = await findAppointment(trx, actor, visit.id, { forUpdate: true });
        // Cancelled (or moved) by someone else while this call waited for the row: nothing left to do.
        if (row.status !== 'booked') continue;
        const { emailed } = await cancelBookedAppointment(trx, ctx, actor, row, { exceptionId: leave.id });
        cancelledIds.push(row.id);
        if (emailed) emailedCount += 1;
      }
      await recordAudit(trx, ctx, {
        action: 'availability.exception_cancel_affected',
        resourceType: 'availability_exception',
        resourceId: leave.id,
        details: { kind: leave.kind, count: cancelledIds.length, appointmentIds: cancelledIds, ...(reason ? { reason } : {}) },
      });
      return { exceptionId: leave.id, cancelledCount: cancelledIds.length, cancelledIds, emailedCount };
    });
  } catch (error) {
    throw nothingCancelled(error);
  }
}
