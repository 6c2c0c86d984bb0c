// The medium-test harness: a real app on a real (copied) database, driven
// through app.inject. One per test file: `const t = await createTestApp()`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, type App } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Clock, Services } from '../context.ts';
import type { Database } from '../db/database.ts';
import { createTestDatabase } from './test-database.ts';

/** A clock tests can move: expiry, deadlines and reminders without waiting. */
export class TestClock implements Clock {
  #now: number;
  constructor(start = new Date('2026-03-02T09:00:00Z')) {
    this.#now = start.getTime();
  }
  now() {
    return new Date(this.#now);
  }
  set(date: Date | string) {
    this.#now = new Date(date).getTime();
  }
  advance(ms: number) {
    this.#now += ms;
  }
}

export interface TestApp {
  app: App;
  database: Database;
  services: Services;
  clock: TestClock;
  dataDir: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  extraServices?: Record<string, unknown>;
  /** Extra routes for a test (registered before the app is ready). */
  beforeReady?: (app: App) => unknown;
  /** A built web app to serve (default: the repository's dist/web). */
  webDist?: string;
}

export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'dermlink-data-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...opts.env });
  const clock = new TestClock();
  const services: Services = { config, database, clock, ...opts.extraServices };
  const app = await buildApp(services, { logger: false, webDist: opts.webDist });
  if (opts.beforeReady) await opts.beforeReady(app);
  await app.ready();
  return {
    app,
    database,
    services,
    clock,
    dataDir,
    close: async () => {
      await app.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
