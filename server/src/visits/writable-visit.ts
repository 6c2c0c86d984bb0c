// The guard every write of a visit goes through: the appointment in scope
// (404), locked for the transaction; only its own dermatologist (visit_not_yours);
// only while open (visit_closed: completed, no-show or cancelled).
import type { Transaction } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { findAppointmentInScope } from '../appointments/appointment-scope.ts';
import { recordRowOf } from './visit-parts.ts';

export async function writableVisit(trx: Transaction<DB>, actor: Actor, appointmentId: string) {
  const appointment = await findAppointmentInScope(trx, actor, appointmentId, { forUpdate: true });
  if (appointment.dermatologist_user_id !== actor.userId) {
    throw new AppError('visit_not_yours', 'Only the dermatologist who holds this appointment can write its visit notes.');
  }
  const row = await recordRowOf(trx, appointment.id);
  if (appointment.status !== 'booked' || row?.signed_at) {
    throw new AppError('visit_closed', 'This visit is closed: its record is signed or the appointment was cancelled.', { extra: { appointmentStatus: appointment.status } });
  }
  return { appointment, row };
}
