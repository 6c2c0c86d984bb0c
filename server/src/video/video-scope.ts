// The visit's room is stricter than seeing the appointment (appointmentScope:
// a coordinator or the GP may see it): only the appointment's own patient and
// its own dermatologist may join. Anyone else gets "not found".
import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import { appointmentScope } from '../appointments/appointment-scope.ts';
import type { AppointmentStatus } from '../appointments/tables.ts';
import type { DB } from '../db/schema.ts';
import { notFound } from '../errors/app-error.ts';

export interface VisitParticipants {
  appointmentId: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  status: AppointmentStatus;
  patientId: string;
  patientUserId: string | null;
  patientName: string;
  dermatologistUserId: string;
  dermatologistName: string;
}

export async function findVisitAsParticipant(db: Kysely<DB> | Transaction<DB>, actor: Actor, appointmentId: string): Promise<VisitParticipants> {
  const row = await db
    .selectFrom('appointments')
    .innerJoin('patients as p', 'p.id', 'appointments.patient_id')
    .innerJoin('users as d', 'd.id', 'appointments.dermatologist_user_id')
    .select([
      'appointments.id', 'appointments.starts_at', 'appointments.ends_at', 'appointments.time_zone', 'appointments.status',
      'appointments.patient_id', 'appointments.dermatologist_user_id', 'p.user_id as patient_user_id', 'p.given_name', 'p.family_name',
      'd.display_name as derm_name',
    ])
    .where('appointments.id', '=', appointmentId)
    .where(appointmentScope(actor))
    .where((eb) =>
      actor.role === 'dermatologist'
        ? eb('appointments.dermatologist_user_id', '=', actor.userId)
        : actor.role === 'patient'
          ? eb('p.user_id', '=', actor.userId)
          : sql<SqlBool>`false`,
    )
    .executeTakeFirst();
  if (!row) throw notFound('appointment');
  return {
    appointmentId: row.id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone,
    status: row.status,
    patientId: row.patient_id,
    patientUserId: row.patient_user_id,
    patientName: `${row.given_name} ${row.family_name}`,
    dermatologistUserId: row.dermatologist_user_id,
    dermatologistName: row.derm_name,
  };
}
