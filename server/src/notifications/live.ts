// Live updates across instances: every notification is announced with
// pg_notify (publish.ts) and each server instance LISTENs once, then fans the
// message out to its own Server-Sent Events streams. On a PostgreSQL server
// that is one dedicated pg client (reconnecting); on embedded PGlite it is
// pglite.listen, whose LISTEN is issued under the Kysely lock so that it never
// lands inside (and is never rolled back with) someone else's transaction.
import pg from 'pg';
import type { Services } from '../context.ts';
import { pgliteLock } from '../db/pglite-dialect.ts';
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
  let stopListening: () => Promise<void>;
  const { database } = services;
  if (database.kind === 'pglite') {
    const pglite = database.pglite!;
    const release = await pgliteLock(pglite).acquire();
    let unlisten: () => Promise<void>;
    try {
      unlisten = await pglite.listen(LIVE_CHANNEL, dispatch);
    } finally {
      release();
    }
    stopListening = async () => {
      const r = await pgliteLock(pglite).acquire();
      try {
        await unlisten();
      } catch {
        // closing database
      } finally {
        r();
      }
    };
  } else {
    let client: pg.Client | null = null;
    let stopped = false;
    let retry: NodeJS.Timeout | null = null;
    const connect = async () => {
      const c = new pg.Client({ connectionString: database.url, application_name: 'dermlink-live' });
      c.on('notification', (msg) => {
        if (msg.channel === LIVE_CHANNEL) dispatch(msg.payload);
      });
      c.on('error', () => {
        if (stopped) return;
        client = null;
        c.end().catch(() => {});
        retry = setTimeout(() => void connect().catch(() => {}), 2000);
        retry.unref();
      });
      await c.connect();
      await c.query(`listen ${LIVE_CHANNEL}`);
      client = c;
    };
    await connect();
    stopListening = async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    };
  }
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
    stop: () => stopListening(),
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
