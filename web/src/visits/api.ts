// Every call of the visit screens to the API (types from contracts/visits).
import type { MyVisits, PatientVisitSummary, Visit, VisitClosed, VisitCompleteBody, VisitDraft, VisitList, VisitNoShowBody, VisitReport, VisitSaved } from '../../../contracts/visits/index.ts';
import { get, post, put } from '../api/client.ts';

export type { MyVisits, PatientVisitSummary, Visit, VisitClosed, VisitCompleteBody, VisitDraft, VisitList, VisitReport };

export const visitKeys = {
  all: ['visits'] as const,
  list: ['visits', 'list'] as const,
  visit: (id: string) => ['visits', 'visit', id] as const,
  report: (id: string) => ['visits', 'report', id] as const,
  summary: (id: string) => ['visits', 'summary', id] as const,
  mine: ['visits', 'mine'] as const,
};

export const fetchVisits = () => get<VisitList>('/api/visits');
export const fetchVisit = (id: string) => get<Visit>(`/api/appointments/${id}/visit`);
export const saveVisitDraft = (id: string, draft: VisitDraft) => put<VisitSaved>(`/api/appointments/${id}/visit`, draft);
export const completeVisit = (id: string, body: VisitCompleteBody) => post<VisitClosed>(`/api/appointments/${id}/visit/complete`, body);
export const markNoShow = (id: string, body: VisitNoShowBody) => post<VisitClosed>(`/api/appointments/${id}/visit/no-show`, body);
export const fetchVisitReport = (id: string) => get<VisitReport>(`/api/appointments/${id}/report`);
export const visitReportPdfUrl = (id: string, lang: string) => `/api/appointments/${id}/report.pdf?lang=${lang}`;
export const fetchPatientVisitSummary = (id: string) => get<PatientVisitSummary>(`/api/appointments/${id}/summary`);
export const fetchMyVisits = () => get<MyVisits>('/api/me/visits');

/** A date and time as people say them, in the appointment's own time zone. */
export function formatVisitTime(iso: string, lang: string, timeZone?: string, style: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: style === 'long' ? 'full' : 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}
export function formatClock(iso: string, lang: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeStyle: 'short', timeZone }).format(new Date(iso));
}
