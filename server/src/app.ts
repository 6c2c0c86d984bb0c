// Builds the Fastify application from its services. main.ts listens on it;
// tests call buildApp with a fresh database and use app.inject.
import Fastify, { type FastifyRequest, type FastifyBaseLogger, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { Actor } from './auth/actor.ts';
import type { Ctx, Services } from './context.ts';
import { installErrorHandler } from './errors/error-handler.ts';
import { registerCompression } from './http/compression.ts';
import { registerOpenApi } from './http/openapi.ts';
import { trackRequestsInFlight } from './http/requests-in-flight.ts';
import { responseSerializerCompiler } from './http/response-serializer.ts';
import { registerSecurityHeaders } from './http/security.ts';
import { registerWebApp } from './http/web-app.ts';
import { loggerOptions } from './logger.ts';
import { registerSessions } from './auth/session-plugin.ts';
import { registerFeatures } from './routes.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
  interface FastifyRequest {
    actor: Actor | null;
    ctx: Ctx;
  }
}

export interface BuildOptions {
  logger?: boolean;
  /** Where the built web app lives; tests may point elsewhere. */
  webDist?: string;
}

export async function buildApp(services: Services, options: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(services.config.logLevel),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    trustProxy: services.config.env === 'production',
    // Prescription verification codes (id + Ed25519 signature, base64url: 108 characters) travel in the path.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  // First, so it sees every route and every request from its first hook.
  trackRequestsInFlight(app);
  app.setValidatorCompiler(validatorCompiler);
  // Production writes answers with fast-json-stringify; elsewhere zod checks each one too (response-serializer.ts).
  app.setSerializerCompiler(responseSerializerCompiler({ checked: services.config.env !== 'production' }));
  app.decorate('services', services);
  app.decorateRequest('actor', null);
  app.decorateRequest('ctx', {
    getter(this: FastifyRequest) {
      const ctx: Ctx = {
        db: services.database.db,
        actor: this.actor,
        sessionState: this.actor ? 'active' : this.session ? 'second_factor_pending' : this.sessionExpired ? 'expired' : 'none',
        clock: services.clock,
        log: this.log,
        services,
        origin: {
          ip: this.ip ?? null,
          userAgent: typeof this.headers['user-agent'] === 'string' ? this.headers['user-agent'].slice(0, 300) : null,
          requestId: this.id,
        },
      };
      return ctx;
    },
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.removeHeader('x-powered-by');
  });

  installErrorHandler(app);
  // Before the routes and the static files, so its hook applies to all of them.
  await registerCompression(app);
  await registerSecurityHeaders(app);
  await registerOpenApi(app);
  await app.register(registerSessions);
  await registerFeatures(app);
  await registerWebApp(app, options.webDist);
  return app;
}
