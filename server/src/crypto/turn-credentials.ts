// Short-lived TURN credentials, coturn's REST API shared-secret scheme
// (turnserver.conf: use-auth-secret, static-auth-secret): the username is
// "<expiry unix seconds>:<opaque user ref>" and the password is
// base64(HMAC-SHA1(secret, username)). coturn recomputes the HMAC and refuses
// the username once its expiry has passed; nothing is stored on either side.
import { createHmac } from 'node:crypto';

export interface TurnCredential {
  username: string;
  credential: string;
  expiresAt: Date;
}

export function turnCredential(secret: string, userRef: string, now: Date, ttlSeconds: number): TurnCredential {
  const expiry = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const username = `${expiry}:${userRef}`;
  return { username, credential: turnPassword(secret, username), expiresAt: new Date(expiry * 1000) };
}

export function turnPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}
