// Serves the built web app (dist/web) at /, with index.html for every
// non-API path so client-side routes survive a reload.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { problemBody, sendProblem } from '../errors/error-handler.ts';

// WEB_DIST_DIR lets parallel builds (several developers' browser runs on one machine) use their own folder.
export const WEB_DIST = path.resolve(process.env.WEB_DIST_DIR ?? path.join(import.meta.dirname, '../../../dist/web'));

export async function registerWebApp(app: FastifyInstance, distDir = WEB_DIST) {
  const hasBuild = existsSync(path.join(distDir, 'index.html'));
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each asset (web/vite.config.ts).
      preCompressed: true,
      // Hashed assets never change; index.html must always be revalidated.
      setHeaders: (reply: { header(name: string, value: string): unknown }, filePath: string) => {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    if (url.startsWith('/api/') || url === '/api' || request.method !== 'GET') {
      return sendProblem(reply, problemBody(404, 'not_found', 'There is nothing at this address.'));
    }
    if (!hasBuild) {
      return reply.type('text/plain').status(503).send('The web app is not built yet: run `npm run build`.');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
