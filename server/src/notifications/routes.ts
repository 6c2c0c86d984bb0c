// Notifications API: the bell (list, unread count, mark read), the live
// stream (Server-Sent Events), preferences and web push subscription.
import { z } from 'zod';
import {
  NotificationIdParamsSchema,
  NotificationListQuerySchema,
  NotificationListSchema,
  NotificationPreferencesSchema,
  PushPublicKeySchema,
  PushStatusSchema,
  PushSubscriptionBodySchema,
  PushUnsubscribeBodySchema,
  UnreadCountSchema,
  UpdateNotificationPreferencesSchema,
} from '../../../contracts/notifications/index.ts';
import type { App } from '../app.ts';
import { listNotifications, markAllRead, markRead, unreadCount } from './in-app.ts';
import { stopLiveHub } from './live.ts';
import { getPreferences, updatePreferences } from './preferences.ts';
import { pushPublicKey, pushStatus, subscribePush, unsubscribePush } from './push.ts';
import { closeAllStreams, openNotificationStream } from './stream.ts';

const tags = ['notifications'];

export async function notificationRoutes(app: App) {
  app.addHook('preClose', async () => closeAllStreams(app.services));
  app.addHook('onClose', async () => stopLiveHub(app.services));

  app.get(
    '/api/notifications',
    { schema: { tags, summary: 'My notifications, newest first', querystring: NotificationListQuerySchema, response: { 200: NotificationListSchema } } },
    async (request) => listNotifications(request.ctx, request.query),
  );
  app.get('/api/notifications/unread-count', { schema: { tags, summary: 'How many of my notifications are unread', response: { 200: UnreadCountSchema } } }, async (request) =>
    unreadCount(request.ctx),
  );
  app.post(
    '/api/notifications/:id/read',
    { schema: { tags, summary: 'Mark one notification read', params: NotificationIdParamsSchema, response: { 200: UnreadCountSchema } } },
    async (request) => markRead(request.ctx, request.params.id),
  );
  app.post('/api/notifications/read-all', { schema: { tags, summary: 'Mark all my notifications read', response: { 200: UnreadCountSchema } } }, async (request) =>
    markAllRead(request.ctx),
  );

  app.get(
    '/api/notifications/stream',
    {
      schema: {
        tags,
        summary: 'Live notifications (Server-Sent Events). Does not keep the session alive; ends when the session does.',
        response: { 200: z.string().describe('text/event-stream: events "ready", "notification", "session-ended"; comment heartbeats') },
      },
    },
    async (request, reply) => openNotificationStream(request, reply),
  );

  app.get('/api/notifications/preferences', { schema: { tags, summary: 'My notification preferences', response: { 200: NotificationPreferencesSchema } } }, async (request) =>
    getPreferences(request.ctx),
  );
  app.put(
    '/api/notifications/preferences',
    { schema: { tags, summary: 'Change my notification preferences', body: UpdateNotificationPreferencesSchema, response: { 200: NotificationPreferencesSchema } } },
    async (request) => updatePreferences(request.ctx, request.body),
  );

  app.get('/api/notifications/push/public-key', { schema: { tags, summary: "The server's VAPID public key for web push", response: { 200: PushPublicKeySchema } } }, async (request) =>
    pushPublicKey(request.ctx),
  );
  app.get('/api/notifications/push/status', { schema: { tags, summary: 'Whether I have web push subscriptions', response: { 200: PushStatusSchema } } }, async (request) =>
    pushStatus(request.ctx),
  );
  app.post(
    '/api/notifications/push/subscribe',
    { schema: { tags, summary: 'Receive web push on this browser', body: PushSubscriptionBodySchema, response: { 200: PushStatusSchema } } },
    async (request) => subscribePush(request.ctx, request.body),
  );
  app.post(
    '/api/notifications/push/unsubscribe',
    { schema: { tags, summary: 'Stop web push on this browser', body: PushUnsubscribeBodySchema, response: { 200: PushStatusSchema } } },
    async (request) => unsubscribePush(request.ctx, request.body.endpoint),
  );
}
