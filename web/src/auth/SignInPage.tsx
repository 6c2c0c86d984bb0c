// Clinician sign-in: email and password, then the second factor (authenticator
// code, recovery code or passkey); or a passkey alone. Several memberships:
// choose the organisation and role to work as.
import { Alert, Anchor, Button, Divider, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client.ts';
import { SESSION_QUERY_KEY, isSignedIn, needsEnrolment, useSession, type SessionInfo } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { authApi } from './api.ts';
import { AuthError, AuthPage, BIG, CodeField, codeIsComplete, useCompleteSignIn } from './components.tsx';
import { MembershipChooser } from './MembershipChooser.tsx';
import { destinationAfterSignIn, rememberedDestination } from './return-to.ts';

type Method = 'totp' | 'recovery' | 'passkey';
interface Methods {
  totp: boolean;
  passkey: boolean;
  recoveryCode: boolean;
}

const methodsOf = (s: SessionInfo): Methods => ({ totp: s.hasTotp, passkey: s.passkeyCount > 0, recoveryCode: s.recoveryCodesRemaining > 0 });

export default function SignInPage() {
  const { t } = useTranslation('auth');
  const location = useLocation();
  const reason = (location.state as { reason?: string } | null)?.reason;
  const { data: session, isPending } = useSession();
  const [chooser, setChooser] = useState<SessionInfo | null>(null);
  const complete = useCompleteSignIn();
  // Opened from a page that needs a sign-in: say that we will go back to it.
  const [returning] = useState(() => rememberedDestination() !== null);

  // Several memberships: choose first (the page's session changes only once chosen, so nothing navigates away).
  const finish = async (s: SessionInfo) => {
    if (!s.secondFactorPending && s.memberships.length > 1) setChooser(s);
    else await complete(s);
  };

  if (chooser) return <MembershipChooser session={chooser} />;
  if (isPending) return <PageSkeleton />;
  if (isSignedIn(session)) return <Navigate to={destinationAfterSignIn(session.role)} replace />;
  if (session && needsEnrolment(session)) return <Navigate to="/enrol" replace />;

  return (
    <AuthPage title={session?.secondFactorPending ? t('signIn.secondTitle') : t('signIn.title')}>
      {reason && (
        <Alert color={reason === 'passwordReset' || reason === 'signedOut' ? 'teal' : 'yellow'} variant="light" role="status">
          {t(`signIn.reason.${reason}`, { defaultValue: '' })}
        </Alert>
      )}
      {returning && !reason && <Text>{t('signIn.returning')}</Text>}
      {session?.secondFactorPending ? (
        <SecondFactorStep methods={methodsOf(session)} onDone={finish} />
      ) : (
        <PasswordStep onDone={finish} />
      )}
    </AuthPage>
  );
}

function PasswordStep({ onDone }: { onDone: (s: SessionInfo) => Promise<void> }) {
  const { t } = useTranslation('auth');
  const complete = useCompleteSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: () => authApi.signIn(email.trim(), password),
    // The pending session becomes the page's session: the second-factor step (or enrolment) shows.
    onSuccess: (res) => void complete(res.session),
  });
  const passkey = useMutation({ mutationFn: authApi.passkey, onSuccess: (s) => onDone(s) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    passkey.reset();
    signIn.mutate();
  };
  return (
    <Stack gap="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label={t('fields.email')} type="email" autoComplete="username" inputMode="email" size="lg" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput label={t('fields.password')} autoComplete="current-password" size="lg" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <Anchor component={Link} to="/password-reset" size="sm">
            {t('signIn.forgot')}
          </Anchor>
          <AuthError error={signIn.error} />
          {signIn.error instanceof ApiError && signIn.error.code === 'account_locked' && (
            <Button component={Link} to="/password-reset" variant="outline" {...BIG}>
              {t('signIn.resetNow')}
            </Button>
          )}
          <Button type="submit" {...BIG} loading={signIn.isPending} disabled={!email || !password}>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </form>
      <Divider label={t('signIn.or')} labelPosition="center" />
      <AuthError error={passkey.error} />
      <Button variant="outline" {...BIG} onClick={() => { signIn.reset(); passkey.mutate(); }} loading={passkey.isPending}>
        {t('signIn.withPasskey')}
      </Button>
      <Anchor component={Link} to="/patient/sign-in" ta="center">
        {t('signIn.patientLink')}
      </Anchor>
    </Stack>
  );
}

function SecondFactorStep({ methods, onDone }: { methods: Methods; onDone: (s: SessionInfo) => Promise<void> }) {
  const { t } = useTranslation('auth');
  const available: Method[] = [
    ...(methods.totp ? (['totp'] as const) : []),
    ...(methods.passkey ? (['passkey'] as const) : []),
    ...(methods.recoveryCode ? (['recovery'] as const) : []),
  ];
  const [method, setMethod] = useState<Method>(available[0] ?? 'recovery');
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState('');
  const [remaining, setRemaining] = useState<number | null>(null);

  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // The pending session lasts only minutes: when it is gone, start again from the password.
  const onError = (error: unknown) => {
    if (error instanceof ApiError && (error.code === 'session_expired' || error.code === 'unauthenticated')) {
      queryClient.setQueryData(SESSION_QUERY_KEY, null);
      void navigate('/sign-in', { replace: true, state: { reason: 'expired' } });
    }
  };
  const totp = useMutation({
    mutationFn: () => authApi.totp(code),
    onSuccess: (s) => onDone(s),
    onError: (error) => {
      setCode('');
      onError(error);
    },
  });
  const recoveryCode = useMutation({
    mutationFn: () => authApi.recovery(recovery),
    onSuccess: async (res) => {
      setRemaining(res.recoveryCodesRemaining);
      await onDone(res.session);
    },
    onError,
  });
  const passkey = useMutation({ mutationFn: authApi.passkey, onSuccess: (s) => onDone(s), onError });
  const cancel = useMutation({ mutationFn: authApi.signOut, onSettled: () => window.location.assign('/sign-in') });

  return (
    <Stack gap="lg">
      {available.length > 1 && (
        <SegmentedControl
          fullWidth
          size="md"
          aria-label={t('second.method')}
          value={method}
          onChange={(v) => setMethod(v as Method)}
          data={available.map((m) => ({ value: m, label: t(`second.methods.${m}`) }))}
        />
      )}
      {method === 'totp' && (
        <form onSubmit={(e) => { e.preventDefault(); totp.mutate(); }} noValidate>
          <Stack gap="md">
            <CodeField label={t('second.totpLabel')} value={code} onChange={setCode} autoFocus />
            <AuthError error={totp.error} />
            <Button type="submit" {...BIG} loading={totp.isPending} disabled={!codeIsComplete(code)}>
              {t('second.verify')}
            </Button>
          </Stack>
        </form>
      )}
      {method === 'recovery' && (
        <form onSubmit={(e) => { e.preventDefault(); recoveryCode.mutate(); }} noValidate>
          <Stack gap="md">
            <TextInput
              label={t('second.recoveryLabel')}
              description={t('second.recoveryHint')}
              size="lg"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={recovery}
              onChange={(e) => setRecovery(e.currentTarget.value)}
            />
            <AuthError error={recoveryCode.error} />
            {remaining !== null && <Alert role="status">{t('second.remaining', { count: remaining })}</Alert>}
            <Button type="submit" {...BIG} loading={recoveryCode.isPending} disabled={recovery.trim().length < 10}>
              {t('second.verify')}
            </Button>
          </Stack>
        </form>
      )}
      {method === 'passkey' && (
        <Stack gap="md">
          <AuthError error={passkey.error} />
          <Button {...BIG} onClick={() => passkey.mutate()} loading={passkey.isPending}>
            {t('second.usePasskey')}
          </Button>
        </Stack>
      )}
      <Button variant="subtle" size="md" onClick={() => cancel.mutate()} loading={cancel.isPending}>
        {t('second.cancel')}
      </Button>
    </Stack>
  );
}
