// Rooms across app instances: every signalling message goes out with
// pg_notify on one channel and every instance LISTENs once, then hands it to
// its own sockets of that room (all but the sender's, or only the addressee's).
// The sender's own instance receives it the same way, so there is one path
// and the order of one sender's messages is kept (they are sent one after the
// other). pg_notify payloads are limited to 8000 bytes: a larger message (an
// SDP with many candidates) is cut into base64 chunks and put back together.
// The LISTEN itself is db/listen.ts (a dedicated pg client, or pglite.listen).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Services } from '../context.ts';
import { listen } from '../db/listen.ts';

export const VIDEO_CHANNEL = 'dermlink_video';
const INLINE_LIMIT_BYTES = 7500;
const CHUNK_BYTES = 4800; // 6400 characters of base64, well under the limit with the envelope
const PARTIAL_TTL_MS = 30_000;

export interface Envelope {
  /** The room: the appointment id. */
  room: string;
  /** The sending connection. */
  from: string;
  /** The sending person (a newer connection of the same person replaces an older one). */
  userId: string;
  /** Only this connection, or everyone else in the room. */
  to: string | null;
  message: { type: string } & Record<string, unknown>;
}

type Deliver = (envelope: Envelope) => void;

export interface SignalRelay {
  /** Receives the room's messages not sent by this connection; returns the way out. */
  join(room: string, connectionId: string, deliver: Deliver): () => void;
  publish(envelope: Envelope): Promise<void>;
  stop(): Promise<void>;
}

interface Wire {
  r: string;
  f: string;
  u: string;
  t: string | null;
  m?: Envelope['message'];
  /** Chunked: message id, index, count, base64 part of the JSON of m. */
  i?: string;
  c?: number;
  n?: number;
  p?: string;
}

export function wirePayloads(envelope: Envelope): string[] {
  const head = { r: envelope.room, f: envelope.from, u: envelope.userId, t: envelope.to };
  const inline = JSON.stringify({ ...head, m: envelope.message } satisfies Wire);
  if (Buffer.byteLength(inline) <= INLINE_LIMIT_BYTES) return [inline];
  const bytes = Buffer.from(JSON.stringify(envelope.message));
  const id = randomUUID();
  const n = Math.ceil(bytes.length / CHUNK_BYTES);
  return Array.from({ length: n }, (_, c) =>
    JSON.stringify({ ...head, i: id, c, n, p: bytes.subarray(c * CHUNK_BYTES, (c + 1) * CHUNK_BYTES).toString('base64') } satisfies Wire),
  );
}

/** Puts chunked messages back together; whole ones pass straight through. */
export function createReassembler() {
  const partial = new Map<string, { parts: string[]; got: number; timer: NodeJS.Timeout }>();
  return {
    accept(payload: string | undefined): Envelope | null {
      let w: Wire;
      try {
        w = JSON.parse(payload ?? '') as Wire;
      } catch {
        return null;
      }
      if (typeof w.r !== 'string' || typeof w.f !== 'string' || typeof w.u !== 'string') return null;
      const head = { room: w.r, from: w.f, userId: w.u, to: w.t ?? null };
      if (w.m && typeof w.m.type === 'string') return { ...head, message: w.m };
      if (typeof w.i !== 'string' || typeof w.c !== 'number' || typeof w.n !== 'number' || typeof w.p !== 'string' || w.n > 64 || w.c >= w.n) return null;
      const key = `${w.f}:${w.i}`;
      let entry = partial.get(key);
      if (!entry) {
        const timer = setTimeout(() => partial.delete(key), PARTIAL_TTL_MS);
        timer.unref();
        entry = { parts: new Array<string>(w.n), got: 0, timer };
        partial.set(key, entry);
      }
      if (entry.parts[w.c] === undefined) {
        entry.parts[w.c] = w.p;
        entry.got += 1;
      }
      if (entry.got < w.n) return null;
      clearTimeout(entry.timer);
      partial.delete(key);
      try {
        const message = JSON.parse(Buffer.concat(entry.parts.map((p) => Buffer.from(p, 'base64'))).toString('utf8')) as Envelope['message'];
        return typeof message?.type === 'string' ? { ...head, message } : null;
      } catch {
        return null;
      }
    },
  };
}

export async function startSignalRelay(services: Services): Promise<SignalRelay> {
  const rooms = new Map<string, Map<string, Deliver>>();
  const reassembler = createReassembler();
  const dispatch = (payload: string | undefined) => {
    const envelope = reassembler.accept(payload);
    if (!envelope) return;
    for (const [connectionId, deliver] of rooms.get(envelope.room) ?? []) {
      if (connectionId === envelope.from || (envelope.to && envelope.to !== connectionId)) continue;
      deliver(envelope);
    }
  };
  const { database } = services;
  const listening = await listen(database, VIDEO_CHANNEL, dispatch, { applicationName: 'dermlink-video' });
  return {
    join(room, connectionId, deliver) {
      let members = rooms.get(room);
      if (!members) rooms.set(room, (members = new Map()));
      members.set(connectionId, deliver);
      return () => {
        members.delete(connectionId);
        if (members.size === 0) rooms.delete(room);
      };
    },
    async publish(envelope) {
      for (const payload of wirePayloads(envelope)) await sql`select pg_notify(${VIDEO_CHANNEL}, ${payload})`.execute(database.db);
    },
    stop: () => listening.stop(),
  };
}

/** The instance's relay, started on the first connection and stopped with the app. */
export function signalRelayOf(services: Services): Promise<SignalRelay> {
  let relay = services.videoRelay as Promise<SignalRelay> | undefined;
  if (!relay) {
    relay = startSignalRelay(services);
    services.videoRelay = relay;
    // A failed start must not stay cached: the next connection tries again.
    relay.catch(() => {
      if (services.videoRelay === relay) delete services.videoRelay;
    });
  }
  return relay;
}

export async function stopSignalRelay(services: Services): Promise<void> {
  const relay = services.videoRelay as Promise<SignalRelay> | undefined;
  if (!relay) return;
  delete services.videoRelay;
  await (await relay.catch(() => null))?.stop();
}
