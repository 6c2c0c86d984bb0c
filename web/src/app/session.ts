// The signed-in person as the web app knows it, from GET /api/auth/session.
import { useQuery } from '@tanstack/react-query';
import { ApiError, get, setCsrfToken } from '../api/client.ts';

export type Role = 'requester' | 'dermatologist' | 'coordinator' | 'patient';

export interface SessionInfo {
  user: { id: string; displayName: string; email: string; locale: 'fr' | 'en' };
  role: Role;
  organisation: { id: string; name: string } | null;
  memberships: Array<{ id: string; role: Role; organisationId: string; organisationName: string }>;
  csrfToken: string;
  idleExpiresAt: string;
}

export const SESSION_QUERY_KEY = ['session'] as const;

export function useSession() {
  return useQuery({
    queryKey: SESSION_QUERY_KEY,
    queryFn: async (): Promise<SessionInfo | null> => {
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
    },
    staleTime: 60_000,
  });
}
