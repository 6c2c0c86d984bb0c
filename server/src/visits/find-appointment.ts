// Reads one appointment within the actor's scope (appointments/appointment-scope.ts):
// an appointment they may not see is not found (404).
import type { Transaction } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { DB } from '../db/schema.ts';
import { notFound } from '../errors/app-error.ts';
import { appointmentScope } from '../appointments/appointment-scope.ts';

export async function findAppointment(trx: Transaction<DB>, actor: Actor, appointmentId: string, opts: { forUpdate?: boolean } = {}) {
  let q = trx.selectFrom('appointments').selectAll().where('appointments.id', '=', appointmentId).where(appointmentScope(actor));
  if (opts.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('appointment');
  return row;
}

export type AppointmentRow = Awaited<ReturnType<typeof findAppointment>>;
