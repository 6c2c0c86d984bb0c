// When the questionnaire may still change: the appointment is booked and has
// not ended. Cancelled, completed, missed or past appointments keep the
// answers as they are (they are part of the record of the visit).
import type { Actor } from '../auth/actor.ts';
import { can } from '../auth/policy.ts';
import type { AppointmentStatus } from '../appointments/tables.ts';
import './actions.ts';

export function questionnaireOpen(appointment: { status: AppointmentStatus; ends_at: Date }, now: Date): boolean {
  return appointment.status === 'booked' && appointment.ends_at.getTime() > now.getTime();
}

export function mayEditQuestionnaire(actor: Actor, appointment: { status: AppointmentStatus; ends_at: Date }, now: Date): boolean {
  return can(actor, 'appointment.questionnaire.save') && questionnaireOpen(appointment, now);
}
