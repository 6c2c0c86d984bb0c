// GET /api/video/ice-servers: STUN and TURN from the configuration. TURN gets
// a fresh short-lived credential per call (crypto/turn-credentials.ts); the
// opaque user reference is the user id (no name or e-mail reaches coturn's logs).
import type { IceServersResponse } from '../../../contracts/video/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { turnCredential } from '../crypto/turn-credentials.ts';
import './actions.ts';

export function iceServers(ctx: Ctx): IceServersResponse {
  const actor = requireActor(ctx);
  assertCan(actor, 'video.ice_servers');
  const { stunUrls, turnUrls, turnSecret, turnTtlSeconds } = ctx.services.config.video;
  const servers: IceServersResponse['iceServers'] = [];
  if (stunUrls.length) servers.push({ urls: stunUrls });
  let expiresAt: string | null = null;
  if (turnUrls.length && turnSecret) {
    const cred = turnCredential(turnSecret, actor.userId, ctx.clock.now(), turnTtlSeconds);
    servers.push({ urls: turnUrls, username: cred.username, credential: cred.credential });
    expiresAt = cred.expiresAt.toISOString();
  }
  return { iceServers: servers, expiresAt };
}
