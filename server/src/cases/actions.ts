// Role-level permissions of the cases feature, registered in the one policy map.
import { defineActions } from '../auth/policy.ts';

export const CASE_ACTIONS = {
  'case.read': ['requester', 'dermatologist', 'coordinator', 'patient'],
  'case.list': ['requester', 'coordinator'],
  'case.create': ['requester'],
  'case.edit_draft': ['requester'],
  'case.submit': ['requester'],
  'case.withdraw': ['requester'],
  'case.answer_question': ['requester'],
  'case.acknowledge': ['requester'],
  'case.queue': ['dermatologist'],
  'case.claim': ['dermatologist'],
  'case.release': ['dermatologist'],
  'case.reassign': ['dermatologist'],
  'case.ask_question': ['dermatologist'],
  'case.answer': ['dermatologist'],
  'case.addendum': ['dermatologist'],
  'case.report': ['requester', 'dermatologist', 'coordinator'],
  'answer_template.manage': ['dermatologist'],
  'icd10.search': ['dermatologist', 'requester'],
  'consent.read': ['requester', 'dermatologist', 'coordinator', 'patient'],
  'consent.record': ['requester', 'patient'],
  'consent.withdraw': ['requester', 'patient'],
  'routing.read': ['requester'],
} as const;

defineActions(CASE_ACTIONS);
