// Signs out (this session) and returns home.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { setCsrfToken } from '../api/client.ts';
import { SESSION_QUERY_KEY, fetchSession } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { authApi } from './api.ts';
import { AuthPage } from './components.tsx';
import { forgetDestination } from './return-to.ts';

export default function SignOutPage() {
  const { t } = useTranslation('auth');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    // Whatever the answer (already expired, offline), nothing of this session stays in the page.
    // Opened directly (a link, a bookmark), the page has no CSRF token yet: read the session first.
    void queryClient
      .fetchQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchSession, staleTime: 60_000 })
      .then((session) => (session ? authApi.signOut() : undefined))
      .catch(() => undefined)
      .finally(() => {
        setCsrfToken(null);
        forgetDestination();
        queryClient.clear();
        queryClient.setQueryData(SESSION_QUERY_KEY, null);
        void navigate('/', { replace: true });
      });
  }, [queryClient, navigate]);
  return (
    <AuthPage title={t('signOut.title')}>
      <PageSkeleton />
    </AuthPage>
  );
}
