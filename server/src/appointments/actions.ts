// Role-level permissions of booking, registered in the one policy map. Which
// appointments a role sees is appointmentScope (appointment-scope.ts).
import { defineActions } from '../auth/policy.ts';

export const APPOINTMENT_ACTIONS = {
  'appointment.read': ['requester', 'dermatologist', 'coordinator', 'patient'],
  'appointment.list': ['requester', 'dermatologist', 'coordinator'],
  'appointment.list_own': ['patient'],
  'appointment.book': ['requester', 'patient'],
  'appointment.cancel': ['requester', 'dermatologist', 'patient'],
  'appointment.reschedule': ['requester', 'dermatologist', 'patient'],
  'availability.manage': ['dermatologist'],
  'slots.read': ['requester', 'dermatologist', 'patient'],
  'booking_referral.create': ['requester'],
  'booking_referral.read': ['requester', 'dermatologist', 'patient'],
  'booking_referral.list': ['requester', 'dermatologist'],
} as const;

defineActions(APPOINTMENT_ACTIONS);
