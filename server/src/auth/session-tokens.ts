// Session tokens: 256 random bits in the cookie, only their SHA-256 in the
// database. The CSRF token is a second random value the page sends back in
// the x-csrf-token header (synchroniser token pattern).
import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'dl_session';
export const CSRF_HEADER = 'x-csrf-token';
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;

export const newToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
