// Browser journeys in Debian's Chromium (no browser download), against the
// real server on a throwaway data folder. See ../shared/stack-notes.md.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// The config is evaluated again in each worker: fix the port and folder once,
// in the environment the workers inherit.
process.env.E2E_PORT ??= String(3100 + Math.floor(Math.random() * 800));
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'dermlink-e2e-'));
// The local mail catcher (maildev) the server starts: fixed ports so journeys can read the mail (e2e/mail.ts).
process.env.E2E_MAILDEV_WEB_PORT ??= String(Number(process.env.E2E_PORT) + 1000);
process.env.E2E_MAILDEV_SMTP_PORT ??= String(Number(process.env.E2E_PORT) + 2000);
const port = Number(process.env.E2E_PORT);
const dataDir = process.env.E2E_DATA_DIR;
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  workers: 1,
  reporter: process.env.CI ? 'list' : [['list']],
  outputDir: path.join(tmpdir(), 'dermlink-e2e-results'),
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    // The app honours prefers-reduced-motion: dialogs appear at once, scans see them whole.
    reducedMotion: 'reduce',
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `"${process.execPath}" server/src/main.ts`,
    cwd: path.resolve(import.meta.dirname, '..'),
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'test', SEED_DEMO: 'true',
      MAILDEV_WEB_PORT: process.env.E2E_MAILDEV_WEB_PORT!, MAILDEV_SMTP_PORT: process.env.E2E_MAILDEV_SMTP_PORT!,
    },
  },
});
