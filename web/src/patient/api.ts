// The patient feature's API calls and query keys.
import { get, post } from '../api/client.ts';
import type { MyCases, MyConsent, MyConsents, PatientRelease } from '../../../contracts/patient/index.ts';

export const patientKeys = {
  cases: ['patient', 'my-cases'] as const,
  consents: ['patient', 'my-consents'] as const,
  release: (caseId: string) => ['patient', 'release', caseId] as const,
};

export const fetchMyCases = () => get<MyCases>('/api/me/cases');
export const fetchMyConsents = () => get<MyConsents>('/api/me/consents');
export const withdrawConsent = (id: string) => post<MyConsent>(`/api/me/consents/${id}/withdraw`);
export const fetchRelease = (caseId: string) => get<PatientRelease>(`/api/cases/${caseId}/patient-release`);
export const releaseToPatient = (caseId: string) => post<PatientRelease>(`/api/cases/${caseId}/release-to-patient`);
