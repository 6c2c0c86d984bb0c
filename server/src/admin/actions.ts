// Role-level permissions of network administration (the policy module owns the map).
import { defineActions } from '../auth/policy.ts';

export const ADMIN_ACTIONS = {
  'admin.organisations.read': ['coordinator'],
  'admin.organisations.write': ['coordinator'],
  'admin.users.read': ['coordinator'],
  'admin.memberships.write': ['coordinator'],
  'admin.users.status': ['coordinator'],
} as const;

defineActions(ADMIN_ACTIONS);
