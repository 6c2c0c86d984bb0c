// GET /api/notifications/stream: Server-Sent Events for the bell. The session
// plugin does not slide the idle expiry for this URL (a stream left open must
// not keep an unattended session alive); the heartbeat re-checks the session
// and ends the stream with "session-ended" once it has expired or been revoked.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../auth/actor.ts';
import { setSecurityHeadersOn } from '../http/security.ts';
import { unreadCountOf } from './in-app.ts';
import { liveHubOf } from './live.ts';

export const STREAM_PATH = '/api/notifications/stream';
const HEARTBEAT_MS = 25_000;

export async function openNotificationStream(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const actor = requireActor(request.ctx);
  const { services } = request.ctx;
  const db = services.database.db;
  const hub = await liveHubOf(services);
  const unread = await unreadCountOf(db, actor.userId);

  reply.hijack();
  const res = reply.raw;
  setSecurityHeadersOn(res);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let open = true;
  const write = (chunk: string) => {
    if (open) res.write(chunk);
  };
  write(`retry: 5000\nevent: ready\ndata: ${JSON.stringify({ unread })}\n\n`);

  let chain = Promise.resolve();
  const unsubscribe = hub.subscribe(actor.userId, (event) => {
    chain = chain.then(async () => {
      const count = await unreadCountOf(db, actor.userId).catch(() => null);
      if (count === null) return;
      write(`event: notification\ndata: ${JSON.stringify({ type: 'notification', id: event.notificationId, kind: event.kind, unread: count })}\n\n`);
    });
  });

  const sessionAlive = async () => {
    const row = await db.selectFrom('sessions').select(['idle_expires_at', 'absolute_expires_at', 'revoked_at']).where('id', '=', actor.sessionId).executeTakeFirst();
    const now = services.clock.now();
    return !!row && !row.revoked_at && row.idle_expires_at > now && row.absolute_expires_at > now;
  };
  const heartbeat = setInterval(() => {
    void sessionAlive()
      .then((alive) => {
        if (alive) write(': ping\n\n');
        else {
          write('event: session-ended\ndata: {}\n\n');
          close();
        }
      })
      .catch(() => close());
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    unsubscribe();
    res.end();
  };
  request.raw.on('close', close);
  streamsOf(services).add(close);
  res.on('close', () => streamsOf(services).delete(close));
}

const openStreams = new WeakMap<object, Set<() => void>>();
function streamsOf(services: object): Set<() => void> {
  let set = openStreams.get(services);
  if (!set) openStreams.set(services, (set = new Set()));
  return set;
}

/** Ends every open stream of this app (before the server closes, or it would wait for them). */
export function closeAllStreams(services: object): void {
  for (const close of [...streamsOf(services)]) close();
}
