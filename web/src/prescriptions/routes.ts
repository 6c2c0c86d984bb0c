// Prescription pages, each loaded on demand: the public verification page, the
// pharmacist's home, the patient's list and the dermatologist's editor page.
import type { RouteObject } from 'react-router';

export const prescriptionsRoutes: RouteObject[] = [
  { path: 'verify/:code', lazy: async () => ({ Component: (await import('./VerifyPage.tsx')).VerifyPage }) },
  { path: 'pharmacy', lazy: async () => ({ Component: (await import('./PharmacyPage.tsx')).PharmacyPage }) },
  { path: 'my-care/prescriptions', lazy: async () => ({ Component: (await import('./MyPrescriptionsPage.tsx')).MyPrescriptionsPage }) },
  { path: 'appointments/:appointmentId/prescription', lazy: async () => ({ Component: (await import('./AppointmentPrescriptionPage.tsx')).AppointmentPrescriptionPage }) },
];
