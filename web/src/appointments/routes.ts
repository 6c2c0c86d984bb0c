// Booking pages, each loaded on demand: the dermatologist's agenda and
// availability (desktop), the patient's booking and appointments (phone), the
// GP's teleconsultations (phone).
import type { RouteObject } from 'react-router';

export const appointmentsRoutes: RouteObject[] = [
  { path: 'agenda', lazy: async () => ({ Component: (await import('./AgendaPage.tsx')).AgendaPage }) },
  { path: 'agenda/availability', lazy: async () => ({ Component: (await import('./AvailabilityPage.tsx')).AvailabilityPage }) },
  { path: 'book/:referralToken', lazy: async () => ({ Component: (await import('./BookPage.tsx')).BookPage }) },
  { path: 'my-care/book/:referralId', lazy: async () => ({ Component: (await import('./BookPage.tsx')).BookPage }) },
  { path: 'my-care/appointments', lazy: async () => ({ Component: (await import('./MyAppointmentsPage.tsx')).MyAppointmentsPage }) },
  { path: 'my-care/appointments/:appointmentId', lazy: async () => ({ Component: (await import('./MyAppointmentPage.tsx')).MyAppointmentPage }) },
  { path: 'teleconsultations', lazy: async () => ({ Component: (await import('./TeleconsultationsPage.tsx')).TeleconsultationsPage }) },
  { path: 'teleconsultations/new', lazy: async () => ({ Component: (await import('./NewTeleconsultationPage.tsx')).NewTeleconsultationPage }) },
];
