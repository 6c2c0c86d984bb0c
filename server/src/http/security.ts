// Security headers on every answer. The CSP allows no inline script; Mantine
// sets CSS variables through style attributes, so inline styles are allowed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

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

const HELMET_OPTIONS = {
  contentSecurityPolicy: false,
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: false,
  // HSTS only makes sense behind TLS; the reverse proxy sets it in production.
  strictTransportSecurity: false,
} as const;

/**
 * Helmet's headers for these options: they depend on nothing in the request (no
 * nonce), so helmet's middleware runs once, against a recorder, and every answer
 * gets the recorded set. Running it per request (as @fastify/helmet does, building
 * every middleware again each time) was a tenth of what the server allocated per
 * queue request (docs/performance.md, "Seventh round").
 */
function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(HELMET_OPTIONS)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
  return headers;
}

const SECURITY_HEADERS = securityHeaders();

export async function registerSecurityHeaders(app: FastifyInstance) {
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
  });
}

/** For answers a handler writes itself after reply.hijack() (event streams, tus), which bypass the hook's reply headers. */
export function setSecurityHeadersOn(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}
