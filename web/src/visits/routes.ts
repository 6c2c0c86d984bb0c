// Visit pages, loaded on demand: the dermatologist's (desktop), the GP's report
// (phone) and the patient's summary (phone) are separate chunks.
import type { RouteObject } from 'react-router';

export const visitsRoutes: RouteObject[] = [
  { path: 'visits', lazy: async () => ({ Component: (await import('./VisitListPage.tsx')).VisitListPage }) },
  { path: 'appointments/:appointmentId/visit', lazy: async () => ({ Component: (await import('./VisitPage.tsx')).VisitPage }) },
  { path: 'appointments/:appointmentId/report', lazy: async () => ({ Component: (await import('./VisitReportPage.tsx')).VisitReportPage }) },
  { path: 'my-care/appointments/:appointmentId/summary', lazy: async () => ({ Component: (await import('./PatientVisitSummaryPage.tsx')).PatientVisitSummaryPage }) },
];
