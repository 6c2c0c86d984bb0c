// Role-level permissions of the patient feature (the patient's own view of their
// care) and of the requester's release of a held answer.
import { defineActions } from '../auth/policy.ts';

defineActions({
  'patient.my_cases': ['patient'],
  'patient.my_consents': ['patient'],
  'case.release_to_patient': ['requester'],
});
