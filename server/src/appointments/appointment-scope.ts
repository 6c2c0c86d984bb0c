// Row-level scope of appointments: which rows of `appointments` an actor may see.
// Queries put it in their WHERE clause, so an appointment outside it is simply
// not found (404). Video, visit notes, prescriptions and billing reuse it.
//   patient       -> their own appointments (patients.user_id)
//   dermatologist -> appointments with them, or held by a service where they are a dermatologist
//   requester     -> appointments of their organisation's patients
//   coordinator   -> appointments held by a service of their network
//   pharmacist    -> none (prescriptions are reached through their verification code)
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { DB } from '../db/schema.ts';
import { notFound } from '../errors/app-error.ts';

const NONE = '00000000-0000-0000-0000-000000000000';

type AppointmentsEB = ExpressionBuilder<DB, 'appointments'>;

export function appointmentScope(actor: Actor) {
  return (eb: AppointmentsEB): Expression<SqlBool> => {
    switch (actor.role) {
      case 'patient':
        return eb('appointments.patient_id', 'in', eb.selectFrom('patients as scope_p').select('scope_p.id').where('scope_p.user_id', '=', actor.userId));
      case 'dermatologist':
        return eb.or([
          eb('appointments.dermatologist_user_id', '=', actor.userId),
          eb(
            'appointments.service_id',
            'in',
            eb.selectFrom('memberships as scope_m').select('scope_m.organisation_id').where('scope_m.user_id', '=', actor.userId).where('scope_m.role', '=', 'dermatologist'),
          ),
        ]);
      case 'requester':
        return eb(
          'appointments.patient_id',
          'in',
          eb.selectFrom('patients as scope_p').select('scope_p.id').where('scope_p.organisation_id', '=', actor.organisationId ?? NONE),
        );
      case 'coordinator':
        return eb(
          'appointments.service_id',
          'in',
          eb.selectFrom('organisations as scope_o').select('scope_o.id').where('scope_o.network_id', '=', actor.networkId ?? NONE),
        );
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/** One appointment row within the actor's scope; one they may not see is not found (404). */
export async function findAppointmentInScope(db: Kysely<DB> | Transaction<DB>, actor: Actor, appointmentId: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('appointments').selectAll().where('appointments.id', '=', appointmentId).where(appointmentScope(actor));
  if (opts.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('appointment');
  return row;
}

export type AppointmentRecord = Awaited<ReturnType<typeof findAppointmentInScope>>;
