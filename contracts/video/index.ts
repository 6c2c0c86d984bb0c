// The video visit: the room's state, ICE servers, the visit's timeline and the
// signalling messages exchanged over the WebSocket
// (GET /api/appointments/:appointmentId/signal). Shared by the server and the
// web app; every message is checked with these schemas on both ends.
import { z } from 'zod';
import { VIDEO_OPENS_MINUTES_BEFORE } from '../appointments/index.ts';

export { VIDEO_OPENS_MINUTES_BEFORE };
/** The room stays open this long after the booked end (visits overrun). */
export const VIDEO_GRACE_MINUTES_AFTER = 30;
/** Largest WebSocket message accepted (an SDP with many candidates is ~10 KB). */
export const SIGNAL_MAX_MESSAGE_BYTES = 64 * 1024;
export const SDP_MAX_LENGTH = 40_000;
export const CHAT_MAX_LENGTH = 2000;

/** WebSocket close codes the web app reacts to (4xxx: application codes). */
export const SIGNAL_CLOSE = {
  /** The person hung up. */
  left: 1000,
  /** The session expired or was revoked: sign in again. */
  sessionEnded: 4401,
  /** The visit's window is over. */
  visitOver: 4408,
  /** The same person opened the visit in another window or device. */
  replaced: 4409,
  /** Too many messages. */
  rateLimited: 4429,
} as const;

export const VisitRoleSchema = z.enum(['patient', 'dermatologist']);
export type VisitRole = z.infer<typeof VisitRoleSchema>;

export const VIDEO_ROOM_STATES = ['not_open', 'open', 'over', 'cancelled'] as const;
export const VideoRoomSchema = z.object({
  appointmentId: z.uuid(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  /** The waiting room opens (start - 10 min) and closes (end + grace). */
  opensAt: z.iso.datetime(),
  closesAt: z.iso.datetime(),
  timeZone: z.string(),
  state: z.enum(VIDEO_ROOM_STATES),
  myRole: VisitRoleSchema,
  /** The other person's display name (the dermatologist's for the patient, the patient's for the dermatologist). */
  counterpartName: z.string(),
  /** The dermatologist has let the patient in (a reconnecting patient goes straight back into the call). */
  admitted: z.boolean(),
  /** The server's time, so that a countdown does not depend on the device's clock. */
  serverTime: z.iso.datetime(),
});
export type VideoRoom = z.infer<typeof VideoRoomSchema>;

export const IceServerSchema = z.object({
  urls: z.array(z.string()).min(1),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export const IceServersResponseSchema = z.object({
  iceServers: z.array(IceServerSchema),
  /** When the TURN credentials stop working (null without TURN): fetch again before an ICE restart. */
  expiresAt: z.iso.datetime().nullable(),
});
export type IceServersResponse = z.infer<typeof IceServersResponseSchema>;

export const VisitEventKindSchema = z.enum(['joined', 'admitted', 'left']);
export const VisitEventSchema = z.object({
  id: z.string(),
  kind: VisitEventKindSchema,
  at: z.iso.datetime(),
  userId: z.uuid(),
  role: VisitRoleSchema,
  name: z.string(),
});
export type VisitEvent = z.infer<typeof VisitEventSchema>;
export const VisitTimelineSchema = z.object({
  appointmentId: z.uuid(),
  events: z.array(VisitEventSchema),
  admittedAt: z.iso.datetime().nullable(),
  /** Seconds during which the admitted patient and the dermatologist were both connected (the billing rule: video required). */
  bothConnectedSeconds: z.int().min(0),
});
export type VisitTimeline = z.infer<typeof VisitTimelineSchema>;

// --- Signalling messages ---

const Sdp = z.string().min(1).max(SDP_MAX_LENGTH);
export const IceCandidateSchema = z.strictObject({
  candidate: z.string().max(2000),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.int().min(0).max(64).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});
export const QualityLevelSchema = z.enum(['good', 'fair', 'poor']);
export type QualityLevel = z.infer<typeof QualityLevelSchema>;
const QualityFields = {
  level: QualityLevelSchema,
  rttMs: z.number().min(0).max(60_000).nullable(),
  lossPercent: z.number().min(0).max(100).nullable(),
  bitrateKbps: z.number().min(0).max(1_000_000).nullable(),
};

/** What a browser may send. */
export const ClientSignalSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('admit') }),
  z.strictObject({ type: z.literal('offer'), sdp: Sdp }),
  z.strictObject({ type: z.literal('answer'), sdp: Sdp }),
  z.strictObject({ type: z.literal('ice'), candidate: IceCandidateSchema.nullable() }),
  /** The patient asks the dermatologist (the offerer) to restart ICE after a network change. */
  z.strictObject({ type: z.literal('restart-ice') }),
  z.strictObject({ type: z.literal('chat'), text: z.string().trim().min(1).max(CHAT_MAX_LENGTH), clientId: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('media'), audio: z.boolean(), video: z.boolean() }),
  z.strictObject({ type: z.literal('quality'), ...QualityFields }),
  z.strictObject({ type: z.literal('leave') }),
]);
export type ClientSignal = z.infer<typeof ClientSignalSchema>;

export const PeerSchema = z.object({ connectionId: z.string(), role: VisitRoleSchema, name: z.string(), admitted: z.boolean() });
export type Peer = z.infer<typeof PeerSchema>;

/** What the server sends. `from` is the sending connection. */
export const ServerSignalSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), connectionId: z.string(), role: VisitRoleSchema, admitted: z.boolean(), closesAt: z.iso.datetime() }),
  z.object({ type: z.literal('peer-joined'), peer: PeerSchema }),
  /** Someone already in the room, answering a newcomer's arrival. */
  z.object({ type: z.literal('peer-present'), peer: PeerSchema }),
  z.object({ type: z.literal('peer-left'), connectionId: z.string(), role: VisitRoleSchema, reason: z.enum(['left', 'disconnected']) }),
  z.object({ type: z.literal('admitted'), at: z.iso.datetime() }),
  z.object({ type: z.literal('offer'), from: z.string(), sdp: z.string() }),
  z.object({ type: z.literal('answer'), from: z.string(), sdp: z.string() }),
  z.object({ type: z.literal('ice'), from: z.string(), candidate: IceCandidateSchema.nullable() }),
  z.object({ type: z.literal('restart-ice'), from: z.string() }),
  z.object({ type: z.literal('chat'), from: z.string(), role: VisitRoleSchema, name: z.string(), text: z.string(), clientId: z.string(), at: z.iso.datetime() }),
  z.object({ type: z.literal('media'), from: z.string(), audio: z.boolean(), video: z.boolean() }),
  z.object({ type: z.literal('quality'), from: z.string(), ...QualityFields }),
  z.object({ type: z.literal('error'), code: z.enum(['invalid_message', 'too_large', 'not_admitted', 'not_allowed', 'rate_limited']), message: z.string() }),
]);
export type ServerSignal = z.infer<typeof ServerSignalSchema>;
