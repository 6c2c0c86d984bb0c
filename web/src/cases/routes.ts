// Tele-expertise pages, each loaded on demand: the GP's screens and the
// dermatologist's are separate chunks.
import type { RouteObject } from 'react-router';

export const casesRoutes: RouteObject[] = [
  { path: 'cases', lazy: async () => ({ Component: (await import('./CaseListPage.tsx')).CaseListPage }) },
  { path: 'cases/new', lazy: async () => ({ Component: (await import('./NewCasePage.tsx')).NewCasePage }) },
  { path: 'cases/:caseId', lazy: async () => ({ Component: (await import('./CasePage.tsx')).CasePage }) },
  { path: 'queue', lazy: async () => ({ Component: (await import('./QueuePage.tsx')).QueuePage }) },
  { path: 'queue/:caseId', lazy: async () => ({ Component: (await import('./CasePage.tsx')).CasePage }) },
];
