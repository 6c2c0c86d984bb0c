// Role-level permissions of the prescriptions feature. Which rows: the
// appointment's scope (appointments/appointment-scope.ts) for prescribers and
// patients; pharmacists only ever reach a prescription through its code.
import { defineActions } from '../auth/policy.ts';

export const PRESCRIPTION_ACTIONS = {
  'prescription.write': ['dermatologist'],
  'prescription.read': ['dermatologist', 'patient'],
  'prescription.my_list': ['patient'],
  'prescription.dispense': ['pharmacist'],
} as const;

defineActions(PRESCRIPTION_ACTIONS);
