// Notification pages, loaded on demand.
import type { RouteObject } from 'react-router';

export const notificationsRoutes: RouteObject[] = [
  { path: 'notifications', lazy: async () => ({ Component: (await import('./NotificationsPage.tsx')).NotificationsPage }) },
  { path: 'profile/notifications', lazy: async () => ({ Component: (await import('./PreferencesPage.tsx')).NotificationPreferencesPage }) },
];
