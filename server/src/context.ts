// What every domain function receives: `fn(ctx, input)`. Handlers build it
// from the request; jobs and scripts build it from the services directly.
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { DB } from './db/schema.ts';
import type { Actor } from './auth/actor.ts';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Long-lived things the app is built from, created once in main.ts (or per test file). */
export interface Services {
  config: Config;
  database: Database;
  clock: Clock;
  /** Feature services register themselves here (mailer, blob store, job queue...). */
  [name: string]: unknown;
}

export interface Ctx {
  db: Kysely<DB>;
  actor: Actor | null;
  clock: Clock;
  log: FastifyBaseLogger;
  services: Services;
  /** Why there is no actor: no cookie, an expired session, or a second factor still due. */
  sessionState: 'none' | 'expired' | 'second_factor_pending' | 'active';
  /** Where the call came from, for the audit trail. */
  origin: { ip: string | null; userAgent: string | null; requestId: string | null };
}
