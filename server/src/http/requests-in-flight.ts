// Shutdown waits for the requests still being handled.
// `app.close()` resolves once no connection is open, but a handler whose client
// left keeps running: Fastify sends such a request no onResponse, and main.ts
// closes the database right after app.close(), so the handler's next statement
// failed ("driver has already been destroyed") and a half-done change could be
// cut between two statements. Here a request counts from its first hook until
// its handler has settled or its answer is written, and app.close() waits for
// all of them, up to `drainTimeoutMs` (a handler that never ends must not hold
// the shutdown forever).
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';

export interface RequestsInFlightOptions {
  drainTimeoutMs?: number;
}

export function trackRequestsInFlight(app: FastifyInstance, options: RequestsInFlightOptions = {}): void {
  const drainTimeoutMs = options.drainTimeoutMs ?? 8_000;
  const inFlight = new Set<FastifyRequest>();
  let onDrained: (() => void) | null = null;
  const finished = (request: FastifyRequest) => {
    if (inFlight.delete(request) && inFlight.size === 0) onDrained?.();
  };

  app.addHook('onRequest', async (request) => {
    // WebSocket upgrades (video signalling) are closed by their own plugin.
    if (!request.headers.upgrade) inFlight.add(request);
  });
  // Requests answered before their handler (404, validation, authentication) end here.
  app.addHook('onResponse', async (request) => finished(request));
  // A request whose client left, or whose handler took over the socket (hijack:
  // uploads, event streams), ends when its handler settles.
  app.addHook('onRoute', (route) => {
    if (route.websocket) return;
    const handler = route.handler as RouteHandlerMethod;
    route.handler = async function trackedHandler(this: FastifyInstance, request, reply) {
      try {
        return await handler.call(this, request, reply);
      } finally {
        if (request.raw.destroyed || reply.sent) finished(request);
      }
    } as RouteHandlerMethod;
  });
  app.addHook('onClose', async () => {
    if (inFlight.size === 0) return;
    app.log.info({ requests: inFlight.size }, 'waiting for requests still being handled');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        onDrained = resolve;
      }),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          app.log.warn({ requests: inFlight.size }, 'shutting down with requests still being handled');
          resolve();
        }, drainTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
  });
}
