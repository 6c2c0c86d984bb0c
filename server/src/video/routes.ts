// The video visit: the room's state, ICE servers, the timeline, and the
// signalling WebSocket. The WebSocket route is hidden from OpenAPI (it cannot
// be called as plain HTTP: without an upgrade it answers 404).
import websocket from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import { AppointmentIdParamsSchema } from '../../../contracts/appointments/index.ts';
import { IceServersResponseSchema, SIGNAL_MAX_MESSAGE_BYTES, VideoRoomSchema, VisitTimelineSchema } from '../../../contracts/video/index.ts';
import type { App } from '../app.ts';
import { getVideoRoom } from './get-video-room.ts';
import { iceServers } from './ice-servers.ts';
import { authorizeSignal, openSignalConnection, settleSignalConnections } from './signal-connection.ts';
import { stopSignalRelay } from './signal-relay.ts';
import { visitTimeline } from './visit-timeline.ts';

const tags = ['video'];
export const signalPath = (appointmentId: string) => `/api/appointments/${appointmentId}/signal`;

export async function videoRoutes(app: App) {
  // Registered here, once per server: @fastify/websocket listens to the server's upgrade event.
  await app.register(websocket, { options: { maxPayload: SIGNAL_MAX_MESSAGE_BYTES } });
  app.addHook('onClose', async () => {
    await settleSignalConnections(app.services);
    await stopSignalRelay(app.services);
  });

  app.get('/api/video/ice-servers', { schema: { tags, summary: 'STUN/TURN servers with short-lived TURN credentials', response: { 200: IceServersResponseSchema } } }, async (request) =>
    iceServers(request.ctx),
  );
  app.get(
    '/api/appointments/:appointmentId/video',
    { schema: { tags, summary: "The visit's room: window, state, the other person", params: AppointmentIdParamsSchema, response: { 200: VideoRoomSchema } } },
    async (request) => getVideoRoom(request.ctx, request.params.appointmentId),
  );
  app.get(
    '/api/appointments/:appointmentId/visit-events',
    { schema: { tags, summary: 'Who joined, was admitted and left the video visit, and when', params: AppointmentIdParamsSchema, response: { 200: VisitTimelineSchema } } },
    async (request) => visitTimeline(request.ctx, request.params.appointmentId),
  );
  app.get(
    '/api/appointments/:appointmentId/signal',
    {
      websocket: true,
      schema: { hide: true, params: AppointmentIdParamsSchema },
      preHandler: async (request) => authorizeSignal(request as FastifyRequest<{ Params: { appointmentId: string } }>),
    },
    (socket, request) => openSignalConnection(socket, request),
  );
}
