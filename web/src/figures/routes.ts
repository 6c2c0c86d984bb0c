// The coordinator's figures page, loaded on demand (its charts even later).
import type { RouteObject } from 'react-router';

export const figuresRoutes: RouteObject[] = [
  { path: 'network/figures', lazy: async () => ({ Component: (await import('./FiguresPage.tsx')).FiguresPage }) },
];
