// The notifications API as the web app uses it (types from the shared contracts).
import type { Notification, NotificationList, NotificationPreferences } from '../../../contracts/notifications/index.ts';
import { get, getInBackground, post, put } from '../api/client.ts';

export type { Notification, NotificationList, NotificationPreferences };

export const NOTIFICATION_KEYS = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  list: (unreadOnly: boolean) => ['notifications', 'list', unreadOnly] as const,
  preferences: ['notifications', 'preferences'] as const,
};

export const notificationsApi = {
  // Badge refreshes happen without the person doing anything: they must not keep the session alive.
  unread: () => getInBackground<{ unread: number }>('/api/notifications/unread-count'),
  list: (unreadOnly: boolean, before?: string) => {
    const q = new URLSearchParams({ limit: '30' });
    if (unreadOnly) q.set('unreadOnly', 'true');
    if (before) q.set('before', before);
    return get<NotificationList>(`/api/notifications?${q}`);
  },
  latest: () => getInBackground<NotificationList>('/api/notifications?limit=8'),
  markRead: (id: string) => post<{ unread: number }>(`/api/notifications/${id}/read`),
  markAllRead: () => post<{ unread: number }>('/api/notifications/read-all'),
  preferences: () => get<NotificationPreferences>('/api/notifications/preferences'),
  savePreferences: (body: Partial<NotificationPreferences>) => put<NotificationPreferences>('/api/notifications/preferences', body),
  pushPublicKey: () => get<{ publicKey: string }>('/api/notifications/push/public-key'),
  subscribe: (sub: PushSubscriptionJSON) => post<{ subscribed: boolean }>('/api/notifications/push/subscribe', sub),
  unsubscribe: (endpoint: string) => post<{ subscribed: boolean }>('/api/notifications/push/unsubscribe', { endpoint }),
};
