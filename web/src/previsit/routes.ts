// Before the teleconsultation, each page loaded on demand: the patient's
// "Prepare your visit" (phone) and the clinician's appointment page (desktop).
import type { RouteObject } from 'react-router';

export const previsitRoutes: RouteObject[] = [
  { path: 'my-care/appointments/:appointmentId/prepare', lazy: async () => ({ Component: (await import('./PreparePage.tsx')).PreparePage }) },
  { path: 'appointments/:appointmentId', lazy: async () => ({ Component: (await import('./AppointmentPage.tsx')).AppointmentPage }) },
];
