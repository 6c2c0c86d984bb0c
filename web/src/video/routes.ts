// The video visit's pages, loaded on demand: the dermatologist's (desktop) and
// the patient's (phone) share one chunk.
import type { RouteObject } from 'react-router';

export const videoRoutes: RouteObject[] = [
  { path: 'appointments/:appointmentId/video', lazy: async () => ({ Component: (await import('./VideoVisitPage.tsx')).DermatologistVideoPage }) },
  { path: 'my-care/appointments/:appointmentId/video', lazy: async () => ({ Component: (await import('./VideoVisitPage.tsx')).PatientVideoPage }) },
];
