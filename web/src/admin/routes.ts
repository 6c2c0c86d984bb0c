// Coordinator pages, each loaded on demand (none is in the first download).
import type { RouteObject } from 'react-router';

export const adminRoutes: RouteObject[] = [
  { path: 'network', lazy: async () => ({ Component: (await import('./NetworkHomePage.tsx')).NetworkHomePage }) },
  { path: 'network/organisations', lazy: async () => ({ Component: (await import('./OrganisationsPage.tsx')).OrganisationsPage }) },
  { path: 'network/people', lazy: async () => ({ Component: (await import('./PeoplePage.tsx')).PeoplePage }) },
  { path: 'network/audit', lazy: async () => ({ Component: (await import('./AuditPage.tsx')).AuditPage }) },
];
