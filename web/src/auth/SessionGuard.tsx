// Mounted in the shell (so it is in the first download: keep it small).
// - A protected page opened while signed out (a link from an email, a
//   bookmark) leads to the right sign-in page and, once signed in, back to that
//   page: remembered through return-to.ts, which explains the rules.
// - A clinician whose second factor is still due may only use the sign-in
//   step or enrolment.
// - When signed in, warns one minute before the idle expiry (computed locally
//   from the last API activity) and, at expiry, returns to /sign-in.
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy, useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useMatches, useNavigate, useNavigation } from 'react-router';
import { ApiError, BACKGROUND_HEADER, api } from '../api/client.ts';
import { SESSION_QUERY_KEY, isSignedIn, needsEnrolment, useSession, type SessionInfo } from '../app/session.ts';
import { NOT_FOUND_ROUTE_ID, forgetDestination, isOpenPath, rememberDestination, signInPageFor } from './return-to.ts';

const IdleWarning = lazy(() => import('./IdleWarning.tsx'));

const WARN_MS = 60_000;

/**
 * A session that ends on a page (idle expiry, an API call finding it gone): the sign-in page of
 * the person's kind (a patient's page: the emailed link), saying why, and back to this page after.
 */
function backToSignIn(navigate: ReturnType<typeof useNavigate>, reason: 'idle' | 'expired') {
  const { pathname, search } = window.location;
  rememberDestination(`${pathname}${search}`);
  void navigate(signInPageFor(pathname), { replace: true, state: { reason } });
}

export function SessionGuard() {
  const { data: session } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const matches = useMatches();
  const knownPage = !matches.some((m) => m.id === NOT_FOUND_ROUTE_ID);
  const target = `${location.pathname}${location.search}`;
  const navigationState = useRef('idle');
  const { state: routerState } = useNavigation();
  useEffect(() => {
    navigationState.current = routerState;
  }, [routerState]);
  // The last known session: one that ends while on this page is told apart from a page opened signed out.
  const before = useRef(session);
  useEffect(() => {
    const ended = !!before.current && session === null;
    if (session !== undefined) before.current = session;
    if (session === undefined || isOpenPath(location.pathname)) return;
    if (isSignedIn(session)) {
      forgetDestination(); // arrived: a page of the app, signed in
      return;
    }
    if (!session && !knownPage) return; // an unknown address: the not-found page, signed in or not
    const signIn = () => {
      if (knownPage) rememberDestination(target);
      void navigate(!session ? signInPageFor(location.pathname) : needsEnrolment(session) ? '/enrol' : '/sign-in', { replace: true });
    };
    if (!ended) return signIn();
    // Ended on this page: what ended it (idle expiry, sign out everywhere, an API call finding it gone)
    // goes to sign-in itself, saying why; if nothing does (signed out in another tab), go now.
    const timer = setTimeout(() => navigationState.current === 'idle' && signIn(), 500);
    return () => clearTimeout(timer);
  }, [session, location.pathname, target, knownPage, navigate]);

  const signedIn = isSignedIn(session);
  // An API call that finds the session gone (idle elsewhere, revoked): back to sign-in, saying why.
  useEffect(() => {
    if (!signedIn) return;
    const onError = (e: Event) => {
      const error = (e as CustomEvent<ApiError>).detail;
      if (!(error instanceof ApiError) || !['session_expired', 'unauthenticated'].includes(error.code)) return;
      // Already signed out on purpose (sign out everywhere, idle expiry): a late answer must not change the message.
      if (!queryClient.getQueryData(SESSION_QUERY_KEY) || isOpenPath(window.location.pathname)) return;
      queryClient.clear();
      queryClient.setQueryData(SESSION_QUERY_KEY, null);
      backToSignIn(navigate, error.code === 'session_expired' ? 'idle' : 'expired');
    };
    window.addEventListener('dermlink:api-error', onError);
    return () => window.removeEventListener('dermlink:api-error', onError);
  }, [signedIn, queryClient, navigate]);

  return signedIn ? <IdleWatch session={session} /> : null;
}

function IdleWatch({ session }: { session: SessionInfo }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // The idle window as the server set it when this session was read (rounded to the minute).
  const [windowMs] = useState(() => Math.max(60_000, Math.round((Date.parse(session.idleExpiresAt) - Date.now()) / 60_000) * 60_000));
  const absolute = Date.parse(session.absoluteExpiresAt);
  // Local clock for the timers; the last expiry the server stated (its clock) to compare later answers with.
  const [expiresAt, setExpiresAt] = useState(() => Math.min(Date.now() + windowMs, absolute));
  const localExpiry = useRef(expiresAt);
  const serverExpiry = useRef(Date.parse(session.idleExpiresAt));
  const [warning, setWarning] = useState(false);

  const slide = useCallback(
    (serverStated?: string) => {
      const next = Math.min(Date.now() + windowMs, absolute);
      serverExpiry.current = serverStated ? Date.parse(serverStated) : serverExpiry.current + (next - localExpiry.current);
      localExpiry.current = next;
      setExpiresAt(next);
    },
    [absolute, windowMs],
  );

  // Every API call the person makes (not background polling) slides the expiry on the server: here too.
  useEffect(() => {
    const onActivity = () => slide();
    window.addEventListener('dermlink:api-activity', onActivity);
    return () => window.removeEventListener('dermlink:api-activity', onActivity);
  }, [slide]);

  useEffect(() => {
    void import('./IdleWarning.tsx'); // ready before it is needed, off the first screen
  }, []);

  const expire = useCallback(async () => {
    // Another tab may have kept the session alive: ask without counting as activity, and
    // compare with the last expiry the server stated (both on the server's clock).
    try {
      const fresh = await api<SessionInfo>('GET', '/api/auth/session', undefined, { headers: { [BACKGROUND_HEADER]: '1' } });
      const gained = Date.parse(fresh.idleExpiresAt) - serverExpiry.current;
      if (gained > WARN_MS) {
        serverExpiry.current += gained;
        localExpiry.current = Math.min(localExpiry.current + gained, absolute);
        setWarning(false);
        setExpiresAt(localExpiry.current);
        return;
      }
    } catch {
      // gone: fall through
    }
    setWarning(false);
    // Make sure the server agrees (a clock that drifted, a sleeping laptop): end it there too.
    await api('POST', '/api/auth/sign-out', {}, { headers: { [BACKGROUND_HEADER]: '1' } }).catch(() => undefined);
    queryClient.clear();
    queryClient.setQueryData(SESSION_QUERY_KEY, null);
    backToSignIn(navigate, 'idle');
  }, [navigate, queryClient, absolute]);

  useEffect(() => {
    const now = Date.now();
    const warnTimer = setTimeout(() => setWarning(true), Math.max(0, expiresAt - WARN_MS - now));
    const expireTimer = setTimeout(() => void expire(), Math.max(0, expiresAt - now));
    return () => {
      clearTimeout(warnTimer);
      clearTimeout(expireTimer);
    };
  }, [expiresAt, expire]);

  if (!warning) return null;
  return (
    <Suspense fallback={null}>
      <IdleWarning
        expiresAt={expiresAt}
        onStay={(idleExpiresAt) => {
          setWarning(false);
          slide(idleExpiresAt);
        }}
        onSignOut={() => void navigate('/sign-out')}
      />
    </Suspense>
  );
}
