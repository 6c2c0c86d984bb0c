// Patients sign in without a password: we email a link, and a 6-digit code in
// the same email for when the link opens on another device. Plain words.
import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { isSignedIn, useSession } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { authApi } from './api.ts';
import { AuthError, AuthPage, BIG, CodeField, codeIsComplete, readLinkToken, useCompleteSignIn } from './components.tsx';
import { destinationAfterSignIn, rememberedDestination } from './return-to.ts';

export default function PatientSignInPage() {
  const { t } = useTranslation('auth');
  const { data: session, isPending } = useSession();
  const complete = useCompleteSignIn();
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  // Opened from a page that needs a sign-in (the booking link): say that we will go back to it.
  const [returning] = useState(() => rememberedDestination() !== null);
  // Sent here by the end of a session (SessionGuard): say why.
  const reason = (useLocation().state as { reason?: 'idle' | 'expired' } | null)?.reason;
  const request = useMutation({ mutationFn: () => authApi.requestPatientLink(email.trim(), currentLanguage()) });
  const verify = useMutation({
    mutationFn: () => authApi.patientCode(request.data!.requestId, code),
    onSuccess: (s) => complete(s),
    onError: () => setCode(''),
  });

  if (isPending) return <PageSkeleton />;
  if (isSignedIn(session)) return <Navigate to={destinationAfterSignIn(session.role)} replace />;

  if (request.data) {
    const tooMany = verify.error && 'code' in verify.error && verify.error.code === 'code_attempts_exceeded';
    return (
      <AuthPage title={t('patient.sentTitle')} lead={t('patient.sent', { email: email.trim() })}>
        <Text>{t('patient.sentHint')}</Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            verify.mutate();
          }}
          noValidate
        >
          <Stack gap="md">
            <CodeField label={t('patient.codeLabel')} value={code} onChange={setCode} />
            <AuthError error={verify.error} patient />
            {tooMany ? (
              <Button {...BIG} onClick={() => { verify.reset(); request.reset(); }}>
                {t('patient.again')}
              </Button>
            ) : (
              <Button type="submit" {...BIG} loading={verify.isPending} disabled={!codeIsComplete(code)}>
                {t('patient.signIn')}
              </Button>
            )}
          </Stack>
        </form>
        <Button variant="subtle" size="md" onClick={() => { verify.reset(); request.reset(); }}>
          {t('patient.otherEmail')}
        </Button>
      </AuthPage>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    request.mutate();
  };
  return (
    <AuthPage title={t('patient.title')} lead={t('patient.lead')}>
      {reason && (
        <Alert color="yellow" variant="light" role="status">
          {t(`patient.reason.${reason}`, { defaultValue: '' })}
        </Alert>
      )}
      {returning && !reason && <Text>{t('patient.returning')}</Text>}
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={t('patient.email')}
            description={t('patient.emailHint')}
            type="email"
            inputMode="email"
            autoComplete="email"
            size="lg"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <AuthError error={request.error} />
          <Button type="submit" {...BIG} loading={request.isPending} disabled={email.trim().length < 3}>
            {t('patient.send')}
          </Button>
        </Stack>
      </form>
      <Text size="sm">{t('patient.noPassword')}</Text>
    </AuthPage>
  );
}

/** The link from the email: signs in once, then to the page opened before signing in (even in another tab), else "my care". */
export function PatientLinkPage() {
  const { t } = useTranslation('auth');
  const params = useParams();
  const complete = useCompleteSignIn();
  const [token] = useState(() => readLinkToken(params.token));
  const link = useMutation({ mutationFn: () => authApi.patientLink(token), onSuccess: (s) => complete(s) });
  const started = useRef(false);
  useEffect(() => {
    // Single-use link: send it once, even when React mounts the page twice.
    if (started.current || !token) return;
    started.current = true;
    // Keep the token out of the address bar and history.
    window.history.replaceState(window.history.state, '', window.location.pathname.replace(/\/[^/]+$/, '/link'));
    link.mutate();
  }, [token, link]);

  if (!token || link.isError) {
    return (
      <AuthPage title={t('patient.linkProblemTitle')}>
        {token ? <AuthError error={link.error} link /> : <Alert color="red" variant="light" role="alert">{t('errors.link_missing')}</Alert>}
        <Button component={Link} to="/patient/sign-in" {...BIG}>
          {t('patient.again')}
        </Button>
      </AuthPage>
    );
  }
  return (
    <AuthPage title={t('patient.signingIn')}>
      <PageSkeleton />
    </AuthPage>
  );
}
