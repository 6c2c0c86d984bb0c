// Live updates for the bell: one EventSource per tab on /api/notifications/stream
// (Server-Sent Events). The server does not count the stream as activity, so it
// cannot keep an idle session alive; it ends the stream when the session ends.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { NOTIFICATION_KEYS } from './api.ts';

export function useLiveNotifications(enabled: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/notifications/stream');
    const setUnread = (data: string) => {
      try {
        const { unread } = JSON.parse(data) as { unread?: number };
        if (typeof unread === 'number') queryClient.setQueryData(NOTIFICATION_KEYS.unread, { unread });
      } catch {
        // ignore a malformed message
      }
    };
    source.addEventListener('ready', (e) => setUnread((e as MessageEvent<string>).data));
    source.addEventListener('notification', (e) => {
      setUnread((e as MessageEvent<string>).data);
      void queryClient.invalidateQueries({ queryKey: ['notifications', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['notifications', 'latest'] });
    });
    source.addEventListener('session-ended', () => source.close());
    return () => source.close();
  }, [enabled, queryClient]);
}
