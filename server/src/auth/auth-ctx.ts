// Helpers shared by the sign-in domain functions.
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import type { SessionRecord } from './session-plugin.ts';
import { authMasterKey, authMasterKeyring } from './master-key.ts';

/** A session, active or waiting for its second factor; 401 otherwise. */
export function requireSession(ctx: Pick<Ctx, 'sessionState'>, session: SessionRecord | null): SessionRecord {
  if (session) return session;
  if (ctx.sessionState === 'expired') throw new AppError('session_expired', 'Your session has expired. Sign in again.');
  throw new AppError('unauthenticated', 'Sign in to continue.');
}

export const masterKeyOf = (ctx: Pick<Ctx, 'services'>) => authMasterKey(ctx.services.config);
export const masterKeyringOf = (ctx: Pick<Ctx, 'services'>) => authMasterKeyring(ctx.services.config);

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The public origin for links in emails: PUBLIC_URL, else the request's own. */
export function publicOrigin(ctx: Pick<Ctx, 'services'>, requestOrigin: string): string {
  return (ctx.services.config.publicUrl ?? requestOrigin).replace(/\/+$/, '');
}
