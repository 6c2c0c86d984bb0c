// Role-level permissions of the billing feature (rows are scoped in the queries).
import { defineActions } from '../auth/policy.ts';

defineActions({
  // The fee schedule of the network's country.
  'billing.fees.read': ['coordinator'],
  'billing.fees.manage': ['coordinator'],
  // Monthly statements: a clinician's own; a coordinator's for any clinician of the network.
  'billing.statement.read': ['requester', 'dermatologist', 'coordinator'],
  'billing.clinicians.list': ['coordinator'],
  // The clinician records the patient's share as paid at the practice.
  'billing.mark_paid': ['requester', 'dermatologist'],
  // The patient's own amounts and online payment.
  'billing.my_payments': ['patient'],
});
