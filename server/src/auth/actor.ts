// Who is calling: resolved once per request from the session cookie by the
// session plugin. Domain code reads it from ctx.actor and asks the policy
// module (auth/policy.ts) what it may do; it never checks roles itself.
import { AppError } from '../errors/app-error.ts';
import type { Ctx } from '../context.ts';

export type Role = 'requester' | 'dermatologist' | 'coordinator' | 'patient';

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

export function requireActor(ctx: Pick<Ctx, 'actor'>): Actor {
  if (!ctx.actor) throw new AppError('unauthenticated', 'Sign in to continue.');
  return ctx.actor;
}
