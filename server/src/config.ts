// Configuration comes from the environment only, validated once at start;
// a bad value stops the process with a message naming the variable.
import path from 'node:path';
import { z } from 'zod';
import { defaultPoolSize } from './db/database.ts';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.url().optional(),
  /** Unset: two per CPU core (db/database.ts defaultPoolSize). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
  /** false: no named prepared statements (PgBouncer in transaction/statement mode; see server/src/db/pg-dialect.ts). */
  DATABASE_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true'),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().default('DermLink <no-reply@dermlink.local>'),
  MASTER_KEY: z.string().optional(),
  /** The master key before the current one, while `npm run keys:rotate` rewraps data keys. */
  MASTER_KEY_PREVIOUS: z.string().optional(),
  SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Video visits: comma-separated stun: URLs; TURN: comma-separated turn:/turns: URLs and coturn's static-auth-secret. */
  STUN_URLS: z.string().default(''),
  TURN_URLS: z.string().default(''),
  TURN_SECRET: z.string().optional(),
  TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  /** Stripe secret key: when set, patients pay their share online (Checkout); else payment is taken at the practice. */
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  /** The webhook endpoint's signing secret (whsec_...), to verify POST /api/billing/stripe/webhook. */
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Ed25519 private key (PKCS#8 DER, base64) that signs prescriptions; unset: one is generated and kept sealed in the database. */
  PRESCRIPTION_SIGNING_KEY: z.string().min(1).optional(),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  databasePoolSize: number;
  databasePreparedStatements: boolean;
  publicUrl?: string;
  logLevel: string;
  smtpUrl?: string;
  mailFrom: string;
  masterKey?: string;
  masterKeyPrevious?: string;
  seedDemo: 'auto' | 'true' | 'false';
  /** Video visits (server/src/video/ice-servers.ts). */
  video: { stunUrls: string[]; turnUrls: string[]; turnSecret?: string; turnTtlSeconds: number };
  stripeSecretKey?: string;
  stripeWebhookSecret?: string;
  prescriptionSigningKey?: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE ?? defaultPoolSize(),
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS === 'true',
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    masterKey: e.MASTER_KEY,
    masterKeyPrevious: e.MASTER_KEY_PREVIOUS,
    seedDemo: e.SEED_DEMO,
    video: videoConfig(e),
    stripeSecretKey: e.STRIPE_SECRET_KEY,
    stripeWebhookSecret: e.STRIPE_WEBHOOK_SECRET,
    prescriptionSigningKey: e.PRESCRIPTION_SIGNING_KEY,
  };
}

function urlList(value: string, scheme: RegExp, name: string): string[] {
  const urls = value.split(',').map((u) => u.trim()).filter(Boolean);
  const bad = urls.find((u) => !scheme.test(u));
  if (bad) throw new ConfigError(`Invalid environment configuration:\n  ${name}: "${bad}" has the wrong scheme (${scheme.source})`);
  return urls;
}

function videoConfig(e: z.infer<typeof EnvSchema>): Config['video'] {
  const turnUrls = urlList(e.TURN_URLS, /^turns?:/, 'TURN_URLS');
  if (turnUrls.length && !e.TURN_SECRET) throw new ConfigError('Invalid environment configuration:\n  TURN_SECRET: required with TURN_URLS (coturn static-auth-secret)');
  return { stunUrls: urlList(e.STUN_URLS, /^stuns?:/, 'STUN_URLS'), turnUrls, turnSecret: e.TURN_SECRET || undefined, turnTtlSeconds: e.TURN_TTL_SECONDS };
}
