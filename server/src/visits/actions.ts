// Role-level permissions of visit notes, reports and summaries (registered in the one policy map).
import { defineActions } from '../auth/policy.ts';

export const VISIT_ACTIONS = {
  'visit.list': ['dermatologist'],
  'visit.read': ['dermatologist'],
  'visit.write': ['dermatologist'],
  'visit.report': ['requester', 'dermatologist', 'coordinator'],
  'visit.patient_summary': ['patient'],
} as const;

defineActions(VISIT_ACTIONS);
