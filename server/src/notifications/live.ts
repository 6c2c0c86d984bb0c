// Live updates across instances: every notification is announced with
// pg_notify (publish.ts) and each server instance LISTENs once, then fans the
// message out to its own Server-Sent Events streams (db/listen.ts: a dedicated
// pg client on a PostgreSQL server, pglite.listen under the Kysely lock on PGlite).
import type { Services } from '../context.ts';
import { listen } from '../db/listen.ts';
import { LIVE_CHANNEL } from './publish.ts';

export interface LiveEvent {
  userId: string;
  notificationId: string;
  kind: string;
}
type Listener = (event: LiveEvent) => void;

export interface LiveHub {
  subscribe(userId: string, listener: Listener): () => void;
  stop(): Promise<void>;
}

function parse(payload: string | undefined): LiveEvent | null {
  try {
    const p = JSON.parse(payload ?? '') as { u?: unknown; n?: unknown; k?: unknown };
    return typeof p.u === 'string' && typeof p.n === 'string' && typeof p.k === 'string' ? { userId: p.u, notificationId: p.n, kind: p.k } : null;
  } catch {
    return null;
  }
}

export async function startLiveHub(services: Services): Promise<LiveHub> {
  const listeners = new Map<string, Set<Listener>>();
  const dispatch = (payload: string | undefined) => {
    const event = parse(payload);
    if (!event) return;
    for (const l of listeners.get(event.userId) ?? []) l(event);
  };
  const listening = await listen(services.database, LIVE_CHANNEL, dispatch, { applicationName: 'dermlink-live' });
  return {
    subscribe(userId, listener) {
      let set = listeners.get(userId);
      if (!set) listeners.set(userId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(userId);
      };
    },
    stop: () => listening.stop(),
  };
}

/** The instance's hub, started on first use (the stream route) and stopped with the app. */
export function liveHubOf(services: Services): Promise<LiveHub> {
  let hub = services.liveHub as Promise<LiveHub> | undefined;
  if (!hub) {
    hub = startLiveHub(services);
    services.liveHub = hub;
  }
  return hub;
}

export async function stopLiveHub(services: Services): Promise<void> {
  const hub = services.liveHub as Promise<LiveHub> | undefined;
  if (!hub) return;
  delete services.liveHub;
  await (await hub).stop();
}
