// Single-use tokens sent by email (patient links, password resets): 256-bit
// random, only their SHA-256 stored. The patient code is bound to its request.
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { hashToken, newToken } from './session-tokens.ts';

export { hashToken, newToken };

export const newSixDigitCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

export const hashCode = (requestId: string, code: string) => createHash('sha256').update(`dermlink/patient-code/${requestId}/${code}`).digest('hex');

export function sameHash(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export const decoyId = () => randomUUID();

export function linkWithToken(origin: string, page: string, token: string): string {
  return `${origin}${page}#token=${token}`;
}
