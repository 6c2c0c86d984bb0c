// The prescriptions feature's API calls and query keys.
import { get, post } from '../api/client.ts';
import type { CreatePrescriptionBody, FormularySearchResult, Prescription, PrescriptionList, Verification } from '../../../contracts/prescriptions/index.ts';

export const prescriptionKeys = {
  appointment: (appointmentId: string) => ['prescriptions', 'appointment', appointmentId] as const,
  mine: ['prescriptions', 'mine'] as const,
  verification: (code: string) => ['prescriptions', 'verify', code] as const,
  formulary: (q: string, lang: string) => ['prescriptions', 'formulary', q, lang] as const,
};

export const searchFormulary = (q: string, lang: 'fr' | 'en') => get<FormularySearchResult>(`/api/formulary?q=${encodeURIComponent(q)}&lang=${lang}`);
export const fetchAppointmentPrescriptions = (appointmentId: string) => get<PrescriptionList>(`/api/appointments/${appointmentId}/prescriptions`);
export const createPrescription = (appointmentId: string, body: CreatePrescriptionBody) => post<Prescription>(`/api/appointments/${appointmentId}/prescriptions`, body);
export const fetchMyPrescriptions = () => get<PrescriptionList>('/api/me/prescriptions');
export const verifyCode = (code: string) => get<Verification>(`/api/prescriptions/verify/${encodeURIComponent(code)}`);
export const dispense = (code: string) => post<Verification>(`/api/prescriptions/verify/${encodeURIComponent(code)}/dispense`);
export const pdfUrl = (prescriptionId: string, lang: 'fr' | 'en') => `/api/prescriptions/${prescriptionId}/pdf?lang=${lang}`;

/** A code typed, pasted or scanned: the bare code, or the verification address that carries it. */
export function codeFromInput(input: string): string {
  const text = input.trim();
  const match = /\/verify\/([A-Za-z0-9_-]+)/.exec(text);
  return (match ? match[1]! : text).replace(/\s+/g, '');
}
