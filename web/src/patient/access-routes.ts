// The patient's "who looked at my record" page, loaded on demand.
import type { RouteObject } from 'react-router';

export const patientAccessRoutes: RouteObject[] = [
  { path: 'my-care/access', lazy: async () => ({ Component: (await import('./AccessLogPage.tsx')).AccessLogPage }) },
];
