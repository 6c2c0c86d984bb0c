// Security headers on every answer. The CSP allows no inline script; Mantine
// sets CSS variables through style attributes, so inline styles are allowed.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

// The policy never changes: written once here rather than rebuilt by helmet on every request
// (that rebuild was ~9% of the server's CPU on the dermatologist's queue).
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join(';');

export async function registerSecurityHeaders(app: FastifyInstance) {
  await app.register(helmet, {
    contentSecurityPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    // HSTS only makes sense behind TLS; the reverse proxy sets it in production.
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  });
}
