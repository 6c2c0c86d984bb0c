// One WebSocket of the visit's signalling (GET /api/appointments/:appointmentId/signal).
//
// Before the upgrade (authorizeSignal, a preHandler: a refusal is a plain HTTP
// answer): a session (same resolution as every request), an Origin naming this
// server (a WebSocket has no CSRF header; a page of another site must not open
// one with the person's cookie), the appointment's own patient or dermatologist,
// and its window (10 minutes before the start until the end plus a grace).
//
// After it: "joined" is recorded and announced; people already in the room
// answer with their presence; the dermatologist admits the patient (recorded
// once; a patient who reconnects later is let straight back in); offers,
// answers, ICE candidates, chat, media state and quality reports are relayed
// to the other person (never to or from a patient still waiting). Every
// message is validated (contracts/video), size- and rate-limited. The socket
// closes when the session ends, when the window closes, or when the same
// person opens the visit again elsewhere (the newer connection wins).
import { randomUUID } from 'node:crypto';
import type { WebSocket } from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import { ClientSignalSchema, SIGNAL_CLOSE, SIGNAL_MAX_MESSAGE_BYTES, type Peer, type ServerSignal, type VisitRole } from '../../../contracts/video/index.ts';
import { requireActor, type Actor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import type { Ctx, Services } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { recordVisitEvent } from './record-visit-event.ts';
import { signalRelayOf, type Envelope } from './signal-relay.ts';
import { findVisitAsParticipant, type VisitParticipants } from './video-scope.ts';
import { roomState, visitWindow } from './visit-window.ts';
import './actions.ts';

const HEARTBEAT_MS = 20_000;
const RATE_WINDOW_MS = 10_000;
const RATE_MAX_MESSAGES = 200;
const RELAYED = new Set(['offer', 'answer', 'ice', 'restart-ice', 'chat', 'media', 'quality']);

const authorized = new WeakMap<FastifyRequest, { actor: Actor; visit: VisitParticipants }>();

function sameOrigin(origin: string, request: FastifyRequest, publicUrl: string | undefined): boolean {
  try {
    const o = new URL(origin);
    if (publicUrl && o.origin === new URL(publicUrl).origin) return true;
    const scheme = o.protocol === 'https:' ? 'https:' : 'http:';
    return o.host === new URL(`${scheme}//${request.host}`).host;
  } catch {
    return false;
  }
}

export async function authorizeSignal(request: FastifyRequest<{ Params: { appointmentId: string } }>): Promise<void> {
  const ctx = request.ctx;
  const actor = requireActor(ctx);
  assertCan(actor, 'video.join');
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || !sameOrigin(origin, request, ctx.services.config.publicUrl)) {
    throw new AppError('csrf_invalid', 'This connection was refused because it did not come from the DermLink page. Reload the page and try again.');
  }
  const visit = await findVisitAsParticipant(ctx.db, actor, request.params.appointmentId);
  const state = roomState(ctx.clock.now(), visit);
  const { opensAt, closesAt } = visitWindow(visit.startsAt, visit.endsAt);
  if (state === 'not_open') throw new AppError('visit_not_open', 'The waiting room opens 10 minutes before the visit.', { extra: { opensAt: opensAt.toISOString() } });
  if (state !== 'open') throw new AppError('visit_over', 'This visit is over or was cancelled.', { extra: { closesAt: closesAt.toISOString() } });
  authorized.set(request, { actor, visit });
}

/** Connections of this app still closing (their "left" being recorded): the app waits for them before it stops. */
const closing = new WeakMap<Services, Set<Promise<unknown>>>();
export async function settleSignalConnections(services: Services): Promise<void> {
  await Promise.allSettled([...(closing.get(services) ?? [])]);
}

export function openSignalConnection(socket: WebSocket, request: FastifyRequest): void {
  const auth = authorized.get(request);
  if (!auth) {
    socket.close(1011, 'not authorized');
    return;
  }
  authorized.delete(request);
  const { actor, visit } = auth;
  const ctx: Ctx = request.ctx;
  const { services } = ctx;
  const connectionId = randomUUID();
  const role: VisitRole = actor.role === 'dermatologist' ? 'dermatologist' : 'patient';
  const name = role === 'dermatologist' ? visit.dermatologistName : visit.patientName;
  const room = visit.appointmentId;
  const { closesAt } = visitWindow(visit.startsAt, visit.endsAt);
  let admitted = role === 'dermatologist';
  let finished = false;
  let replaced = false;
  let leftRecorded = false;
  let joinedRecorded = false;
  let alive = true;
  let leaveRoom: () => void = () => {};
  const recent: number[] = [];

  const send = (message: ServerSignal) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const self = (): Peer => ({ connectionId, role, name, admitted });

  // One sender's messages leave in order (pg_notify one after the other).
  let outbox: Promise<void> = Promise.resolve();
  const publish = (message: Envelope['message'], to: string | null = null) => {
    outbox = outbox
      .then(async () => (await signalRelayOf(services)).publish({ room, from: connectionId, userId: actor.userId, to, message }))
      .catch((err: unknown) => request.log.warn({ err }, 'video: relay publish failed'));
    return outbox;
  };
  const event = (kind: 'joined' | 'admitted' | 'left', reason?: string) =>
    recordVisitEvent(ctx, { appointmentId: room, patientId: visit.patientId, userId: kind === 'admitted' ? visit.patientUserId! : actor.userId, kind, connectionId, reason });

  const end = (code: number, reason: string) => {
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
  };

  const onRelayed = (envelope: Envelope) => {
    const m = envelope.message;
    switch (m.type) {
      case 'peer-joined':
        if (envelope.userId === actor.userId) {
          // The same person again (a reload, another device, a reconnect that beat the old socket's timeout).
          replaced = true;
          end(SIGNAL_CLOSE.replaced, 'opened elsewhere');
          return;
        }
        send(m as ServerSignal);
        void publish({ type: 'peer-present', peer: self() }, envelope.from);
        return;
      case 'peer-present':
      case 'peer-left':
        send(m as ServerSignal);
        return;
      case 'admitted':
        if (role === 'patient') admitted = true;
        send(m as ServerSignal);
        return;
      default:
        if (RELAYED.has(m.type) && admitted) send(m as ServerSignal);
    }
  };

  const finish = (reason: 'left' | 'disconnected') => {
    if (finished) return;
    finished = true;
    clearInterval(heartbeat);
    const done = (async () => {
      await ready.catch(() => {});
      if (joinedRecorded && !replaced && !leftRecorded) {
        leftRecorded = true;
        await event('left', reason).catch((err: unknown) => request.log.warn({ err }, 'video: could not record left'));
        await publish({ type: 'peer-left', connectionId, role, reason });
      }
      await outbox;
      leaveRoom();
    })();
    let set = closing.get(services);
    if (!set) closing.set(services, (set = new Set()));
    set.add(done);
    void done.finally(() => set.delete(done));
  };

  const ready = (async () => {
    const relay = await signalRelayOf(services);
    leaveRoom = relay.join(room, connectionId, onRelayed);
    if (role === 'patient') {
      admitted = !!(await ctx.db.selectFrom('visit_events').select('id').where('appointment_id', '=', room).where('kind', '=', 'admitted').executeTakeFirst());
    }
    await event('joined');
    joinedRecorded = true;
    send({ type: 'welcome', connectionId, role, admitted, closesAt: closesAt.toISOString() });
    await publish({ type: 'peer-joined', peer: self() });
  })();
  ready.catch((err: unknown) => {
    request.log.error({ err }, 'video: could not open the connection');
    end(1011, 'unavailable');
  });

  const sessionAlive = async () => {
    const row = await ctx.db.selectFrom('sessions').select(['idle_expires_at', 'absolute_expires_at', 'revoked_at']).where('id', '=', actor.sessionId).executeTakeFirst();
    const now = ctx.clock.now();
    return !!row && !row.revoked_at && row.idle_expires_at > now && row.absolute_expires_at > now;
  };
  const heartbeat = setInterval(() => {
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
    if (ctx.clock.now() >= closesAt) return end(SIGNAL_CLOSE.visitOver, 'visit over');
    void sessionAlive()
      .then((ok) => {
        if (!ok) end(SIGNAL_CLOSE.sessionEnded, 'session ended');
      })
      .catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  socket.on('pong', () => {
    alive = true;
  });

  let inbox: Promise<void> = Promise.resolve();
  socket.on('message', (data, isBinary) => {
    alive = true;
    inbox = inbox.then(() => handle(data as Buffer | Buffer[], isBinary)).catch((err: unknown) => request.log.warn({ err }, 'video: message failed'));
  });
  socket.on('close', () => finish('disconnected'));

  const handle = async (data: Buffer | Buffer[], isBinary: boolean) => {
    await ready;
    if (finished) return;
    const now = ctx.clock.now();
    if (now >= closesAt) return end(SIGNAL_CLOSE.visitOver, 'visit over');
    const t = Date.now();
    while (recent.length && recent[0]! < t - RATE_WINDOW_MS) recent.shift();
    recent.push(t);
    if (recent.length > RATE_MAX_MESSAGES) {
      send({ type: 'error', code: 'rate_limited', message: 'Too many messages.' });
      return end(SIGNAL_CLOSE.rateLimited, 'rate limited');
    }
    const bytes = Array.isArray(data) ? Buffer.concat(data) : data;
    if (isBinary || bytes.length > SIGNAL_MAX_MESSAGE_BYTES) return send({ type: 'error', code: 'too_large', message: 'Messages are JSON text of at most 64 KiB.' });
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      return send({ type: 'error', code: 'invalid_message', message: 'Not JSON.' });
    }
    const parsed = ClientSignalSchema.safeParse(json);
    if (!parsed.success) return send({ type: 'error', code: 'invalid_message', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ') });
    const m = parsed.data;
    switch (m.type) {
      case 'admit': {
        if (role !== 'dermatologist') return send({ type: 'error', code: 'not_allowed', message: 'Only the dermatologist admits.' });
        const already = await ctx.db.selectFrom('visit_events').select('at').where('appointment_id', '=', room).where('kind', '=', 'admitted').executeTakeFirst();
        const at = already ? already.at : await event('admitted');
        await publish({ type: 'admitted', at: at.toISOString() });
        // The relay skips the sender: the dermatologist hears it here.
        send({ type: 'admitted', at: at.toISOString() });
        return;
      }
      case 'leave':
        leftRecorded = true;
        await event('left', 'left');
        await publish({ type: 'peer-left', connectionId, role, reason: 'left' });
        return end(SIGNAL_CLOSE.left, 'left');
      case 'chat':
        if (!admitted) return send({ type: 'error', code: 'not_admitted', message: 'Wait until the dermatologist lets you in.' });
        await publish({ ...m, from: connectionId, role, name, at: now.toISOString() });
        return;
      default:
        if (!admitted) return send({ type: 'error', code: 'not_admitted', message: 'Wait until the dermatologist lets you in.' });
        await publish({ ...m, from: connectionId });
    }
  };
}
