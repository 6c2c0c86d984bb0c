// Who is calling: resolved once per request from the session cookie by the
// session plugin. Domain code reads it from ctx.actor and asks the policy
// module (auth/policy.ts) what it may do; it never checks roles itself.
import { AppError } from '../errors/app-error.ts';
import type { Ctx } from '../context.ts';

export type Role = 'requester' | 'dermatologist' | 'coordinator' | 'pharmacist' | 'patient';

export interface Actor {
  userId: string;
  sessionId: string;
  role: Role;
  /** The active membership's organisation (null for patients). */
  organisationId: string | null;
  networkId: string | null;
  membershipId: string | null;
  locale: 'fr' | 'en';
}

export function requireActor(ctx: Pick<Ctx, 'actor'> & Partial<Pick<Ctx, 'sessionState'>>): Actor {
  if (ctx.actor) return ctx.actor;
  if (ctx.sessionState === 'expired') throw new AppError('session_expired', 'Your session has expired. Sign in again.');
  if (ctx.sessionState === 'second_factor_pending') throw new AppError('second_factor_required', 'Confirm your second factor to continue.');
  throw new AppError('unauthenticated', 'Sign in to continue.');
}
