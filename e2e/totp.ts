// TOTP codes for browser journeys. The server accepts a code of one step either
// side of now, but never a step at or before the last one used by that secret
// (replay guard). Journeys sign the same demo accounts in again and again, so
// every spec takes codes here: the steps used are remembered in a file shared
// by all spec files of the run, and a code waits for the next step if needed.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'otplib';

const registry = path.join(tmpdir(), `dermlink-e2e-totp-${process.env.E2E_PORT ?? 'default'}.json`);

function readUsed(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(registry, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/** A code for a step this secret has not used yet. */
export async function freshTotpCode(secret: string): Promise<string> {
  const now = () => Math.floor(Date.now() / 30_000);
  const used = readUsed();
  const step = Math.max(now(), (used[secret] ?? -1) + 1);
  while (step > now() + 1) await new Promise((resolve) => setTimeout(resolve, 1000));
  writeFileSync(registry, JSON.stringify({ ...readUsed(), [secret]: step }));
  return generate({ secret, epoch: step * 30 });
}
