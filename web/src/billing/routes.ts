// Billing pages, loaded on demand: the coordinator's fee schedule, the
// clinician's (or coordinator's) statements, the patient's payments.
import type { RouteObject } from 'react-router';

export const billingRoutes: RouteObject[] = [
  { path: 'network/fees', lazy: async () => ({ Component: (await import('./FeesPage.tsx')).FeesPage }) },
  { path: 'billing', lazy: async () => ({ Component: (await import('./StatementPage.tsx')).StatementPage }) },
  { path: 'my-care/payments', lazy: async () => ({ Component: (await import('./PatientPaymentsPage.tsx')).PatientPaymentsPage }) },
];
