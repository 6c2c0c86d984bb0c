// Which photos the actor may see: exactly the photos of the cases the actor
// may see (the cases feature's scope, reused, never re-decided here) and of
// the appointments the actor may see (the appointments feature's scope); and
// which cases and appointments the actor may add photos to now.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { DB } from '../db/schema.ts';
import type { CaseState } from '../../../contracts/clinical/case-state.ts';
import { appointmentScope } from '../appointments/appointment-scope.ts';
import { caseScope } from '../cases/case-scope.ts';

/** States in which the requester may still add (or, in a draft, remove) photos. */
export const PHOTO_ADD_STATES: readonly CaseState[] = ['draft', 'awaiting_requester'];
export const PHOTO_DELETE_STATES: readonly CaseState[] = ['draft'];

/** WHERE condition on `photos`: the photo's case, or its appointment, is visible to the actor. */
export function photoScope(actor: Actor) {
  return (eb: ExpressionBuilder<DB, 'photos'>): Expression<SqlBool> =>
    eb.or([
      eb('photos.case_id', 'in', eb.selectFrom('cases').select('cases.id').where(caseScope(actor))),
      eb('photos.appointment_id', 'in', eb.selectFrom('appointments').select('appointments.id').where(appointmentScope(actor))),
    ]);
}

/** WHERE condition on `cases`: the actor may add photos to this case now (its requester, while it is a draft or awaits them). */
export function photoAddScope(actor: Actor, states: readonly CaseState[] = PHOTO_ADD_STATES) {
  return (eb: ExpressionBuilder<DB, 'cases'>): Expression<SqlBool> => {
    if (actor.role !== 'requester') return sql<SqlBool>`false`;
    return eb.and([caseScope(actor)(eb), eb('cases.requester_id', '=', actor.userId), eb('cases.state', 'in', [...states])]);
  };
}

/**
 * WHERE condition on `appointments`: the actor may add photos to this appointment now.
 * - its patient, while it is booked and has not ended (photos before the visit, or during it);
 * - its dermatologist, unless it was cancelled (a still taken from the video, also while the
 *   visit is being closed).
 * The referring GP sees them (photoScope) but does not add any.
 */
export function appointmentPhotoAddScope(actor: Actor, now: Date) {
  return (eb: ExpressionBuilder<DB, 'appointments'>): Expression<SqlBool> => {
    if (actor.role === 'patient') {
      return eb.and([appointmentScope(actor)(eb), eb('appointments.status', '=', 'booked'), eb('appointments.ends_at', '>', now)]);
    }
    if (actor.role === 'dermatologist') {
      return eb.and([eb('appointments.dermatologist_user_id', '=', actor.userId), eb('appointments.status', 'in', ['booked', 'completed'])]);
    }
    return sql<SqlBool>`false`;
  };
}
