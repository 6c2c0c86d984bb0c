// React's view of the upload queue (see upload-queue.ts), optionally for one
// case or one appointment.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { photosKeys } from './api.ts';
import { getUploadQueue, type QueueEntry } from './upload-queue.ts';

export function useUploadQueue(caseId?: string, appointmentId?: string) {
  const queue = getUploadQueue();
  const entries = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  const online = useSyncExternalStore(queue.subscribe, queue.isOnline);
  const items = useMemo(
    () => (caseId ? entries.filter((e) => e.caseId === caseId) : appointmentId ? entries.filter((e) => e.appointmentId === appointmentId) : entries),
    [entries, caseId, appointmentId],
  );
  useRefreshOnSettle(items);
  return { queue, items, online };
}

/** Refreshes the case's (or appointment's) photo list when one of its photos reaches the server or settles. */
function useRefreshOnSettle(items: QueueEntry[]) {
  const queryClient = useQueryClient();
  const seen = useRef(new Map<string, string>());
  useEffect(() => {
    const lists = new Map<string, readonly string[]>();
    for (const item of items) {
      if (seen.current.get(item.id) !== item.state) {
        if (item.state === 'processing' || item.state === 'ready' || item.state === 'refused') {
          const key = item.appointmentId ? photosKeys.appointment(item.appointmentId) : photosKeys.case(item.caseId ?? '');
          lists.set(key.join('/'), key);
        }
        seen.current.set(item.id, item.state);
      }
    }
    for (const queryKey of lists.values()) void queryClient.invalidateQueries({ queryKey });
  }, [items, queryClient]);
}
