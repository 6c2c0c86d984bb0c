// The photos page, loaded on demand.
import type { RouteObject } from 'react-router';

export const photosRoutes: RouteObject[] = [
  { path: 'photos/:caseId', lazy: async () => ({ Component: (await import('./CasePhotosPage.tsx')).CasePhotosPage }) },
];
