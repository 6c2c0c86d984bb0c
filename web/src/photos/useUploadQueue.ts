// React's view of the upload queue (see upload-queue.ts), optionally for one case.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { photosKeys } from './api.ts';
import { getUploadQueue, type QueueEntry } from './upload-queue.ts';

export function useUploadQueue(caseId?: string) {
  const queue = getUploadQueue();
  const entries = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  const online = useSyncExternalStore(queue.subscribe, queue.isOnline);
  const items = useMemo(() => (caseId ? entries.filter((e) => e.caseId === caseId) : entries), [entries, caseId]);
  useRefreshOnSettle(items);
  return { queue, items, online };
}

/** Refreshes the case's photo list when one of its photos reaches the server or settles. */
function useRefreshOnSettle(items: QueueEntry[]) {
  const queryClient = useQueryClient();
  const seen = useRef(new Map<string, string>());
  useEffect(() => {
    const cases = new Set<string>();
    for (const item of items) {
      if (seen.current.get(item.id) !== item.state) {
        if (item.state === 'processing' || item.state === 'ready' || item.state === 'refused') cases.add(item.caseId);
        seen.current.set(item.id, item.state);
      }
    }
    for (const caseId of cases) void queryClient.invalidateQueries({ queryKey: photosKeys.case(caseId) });
  }, [items, queryClient]);
}
