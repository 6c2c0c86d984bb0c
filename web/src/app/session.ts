// The signed-in person as the web app knows it, from GET /api/auth/session
// (shape: contracts/auth/session.ts). A clinician whose second factor is still
// due has a session with `secondFactorPending: true` and may use nothing but
// the second-factor step or enrolment.
import { useQuery } from '@tanstack/react-query';
import { ApiError, get, setCsrfToken } from '../api/client.ts';
import type { Role, SessionInfo } from '../../../contracts/auth/session.ts';

export type { Role, SessionInfo };

export const SESSION_QUERY_KEY = ['session'] as const;

/** The current session (null when signed out); keeps its CSRF token for the next state-changing call. */
export async function fetchSession(): Promise<SessionInfo | null> {
  try {
    const session = await get<SessionInfo>('/api/auth/session');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 404)) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchSession, staleTime: 60_000 });
}

/** Signed in with every factor done: the person may use the app. */
export const isSignedIn = (session: SessionInfo | null | undefined): session is SessionInfo & { secondFactorPending: false } => !!session && !session.secondFactorPending;

/** A clinician with no second factor at all must enrol one before anything else. */
export const needsEnrolment = (session: SessionInfo | null | undefined): boolean =>
  !!session && session.role !== 'patient' && !session.hasTotp && session.passkeyCount === 0;
