// Second-factor enrolment, before anything else: scan the QR code (or type the
// secret), confirm with a code, then keep the recovery codes shown once. Also
// the profile's "use a new phone or app": an account that already has a second
// factor confirms its password first (Reauthentication.tsx).
import { Anchor, Button, Code, Divider, Image, List, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { ROLE_HOME } from '../app/navigation.ts';
import { SESSION_QUERY_KEY, useSession, type SessionInfo } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { authApi } from './api.ts';
import { AuthError, AuthPage, BIG, CodeField, RecoveryCodesPanel, codeIsComplete } from './components.tsx';
import { needsReauthentication, useReauthentication } from './Reauthentication.tsx';
import { destinationAfterSignIn } from './return-to.ts';

export default function EnrolPage() {
  const { t } = useTranslation('auth');
  const { data: session, isPending } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // Held here, not in the query cache: once the codes show, the session may refresh without losing them.
  const [done, setDone] = useState<{ codes: string[]; session: SessionInfo } | null>(null);

  if (done) {
    const finish = () => {
      queryClient.setQueryData(SESSION_QUERY_KEY, done.session);
      void navigate(destinationAfterSignIn(done.session.role), { replace: true });
    };
    return (
      <AuthPage title={t('recovery.title')} lead={t('recovery.lead')}>
        <RecoveryCodesPanel codes={done.codes} onDone={finish} doneLabel={t('recovery.done')} />
      </AuthPage>
    );
  }
  if (isPending) return <PageSkeleton />;
  if (!session) return <Navigate to="/sign-in" replace />;
  if (session.role === 'patient') return <Navigate to={ROLE_HOME.patient} replace />;
  const enrolled = (codes: string[], s: SessionInfo) => {
    if (codes.length) return setDone({ codes, session: s });
    // A second factor added to an account that already had one: no new codes to show.
    queryClient.setQueryData(SESSION_QUERY_KEY, s);
    void navigate(destinationAfterSignIn(s.role), { replace: true });
  };
  return <TotpEnrolment onDone={enrolled} />;
}

function TotpEnrolment({ onDone }: { onDone: (codes: string[], session: SessionInfo) => void }) {
  const { t } = useTranslation('auth');
  const [code, setCode] = useState('');
  // Replacing a factor the account already has: the password first (a new clinician's first set-up never asks).
  const { confirmed, dialog } = useReauthentication();
  // A POST that creates the secret; the query cache keeps one per visit (StrictMode mounts twice).
  const start = useQuery({ queryKey: ['auth', 'enrolment', 'totp'], queryFn: () => confirmed(authApi.startTotp), staleTime: Infinity, gcTime: 0, retry: false, refetchOnWindowFocus: false });
  const verify = useMutation({ mutationFn: () => confirmed(() => authApi.verifyTotp(code)), onSuccess: (res) => onDone(res.recoveryCodes, res.session), onError: () => setCode('') });
  const passkey = useMutation({ mutationFn: () => authApi.registerPasskey(undefined, confirmed), onSuccess: (res) => onDone(res.recoveryCodes ?? [], res.session) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    verify.mutate();
  };

  return (
    <AuthPage title={t('enrol.title')} lead={t('enrol.lead')}>
      <List type="ordered" spacing="xs">
        <List.Item>{t('enrol.step1')}</List.Item>
        <List.Item>{t('enrol.step2')}</List.Item>
        <List.Item>{t('enrol.step3')}</List.Item>
      </List>
      {start.isFetching && !start.data && <PageSkeleton />}
      <AuthError error={start.isFetching ? null : start.error} />
      {needsReauthentication(start.error) && !start.isFetching && (
        <Button variant="outline" {...BIG} onClick={() => void start.refetch()}>
          {t('reauth.retry')}
        </Button>
      )}
      {start.data && (
        <Stack gap="sm" align="center">
          <Image src={start.data.qrCodeDataUrl} alt={t('enrol.qrAlt')} w={220} h={220} fit="contain" style={{ background: 'white', padding: 8, borderRadius: 8 }} />
          <Text size="sm" ta="center">
            {t('enrol.manual')}
          </Text>
          <Code fz="md" p="sm" data-testid="totp-secret" style={{ wordBreak: 'break-all', userSelect: 'all' }}>
            {start.data.secret.replace(/(.{4})/g, '$1 ').trim()}
          </Code>
          <Anchor href={start.data.otpauthUri} size="sm">
            {t('enrol.openApp')}
          </Anchor>
        </Stack>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <CodeField label={t('enrol.codeLabel')} value={code} onChange={setCode} />
          <AuthError error={verify.error} />
          <Button type="submit" {...BIG} loading={verify.isPending} disabled={!codeIsComplete(code) || !start.data}>
            {t('enrol.confirm')}
          </Button>
        </Stack>
      </form>
      <Divider label={t('signIn.or')} labelPosition="center" />
      <AuthError error={passkey.error} />
      <Button variant="outline" {...BIG} onClick={() => passkey.mutate()} loading={passkey.isPending}>
        {t('enrol.passkeyInstead')}
      </Button>
      {dialog}
    </AuthPage>
  );
}
