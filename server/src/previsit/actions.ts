// Role-level permissions of the preparation before a teleconsultation
// (row-level: the appointments feature's appointmentScope).
import { defineActions } from '../auth/policy.ts';

export const PREVISIT_ACTIONS = {
  // Everyone who may see the appointment reads what was prepared for it.
  'appointment.preparation.read': ['requester', 'dermatologist', 'coordinator', 'patient'],
  // The patient fills the questionnaire; their GP practice may do it on their behalf.
  'appointment.questionnaire.save': ['requester', 'patient'],
} as const;

defineActions(PREVISIT_ACTIONS);
