// Forgotten password: ask for a link (always the same neutral answer), then
// choose a new password from the link. The second factor stays as it was.
import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import type { PasswordRule } from '../../../contracts/auth/rules.ts';
import { authApi } from './api.ts';
import { AuthError, AuthPage, BIG, NewPasswordFields, passwordAcceptable, readLinkToken } from './components.tsx';

export function PasswordResetRequestPage() {
  const { t } = useTranslation('auth');
  const [email, setEmail] = useState('');
  const request = useMutation({ mutationFn: () => authApi.requestPasswordReset(email.trim()) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    request.mutate();
  };
  if (request.isSuccess) {
    return (
      <AuthPage title={t('reset.sentTitle')}>
        <Alert color="teal" variant="light" role="status">
          {t('reset.sent', { email: email.trim() })}
        </Alert>
        <Text>{t('reset.sentHint')}</Text>
        <Button component={Link} to="/sign-in" variant="outline" {...BIG}>
          {t('reset.backToSignIn')}
        </Button>
      </AuthPage>
    );
  }
  return (
    <AuthPage title={t('reset.title')} lead={t('reset.lead')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label={t('fields.email')} type="email" inputMode="email" autoComplete="username" size="lg" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <AuthError error={request.error} />
          <Button type="submit" {...BIG} loading={request.isPending} disabled={email.trim().length < 3}>
            {t('reset.send')}
          </Button>
        </Stack>
      </form>
    </AuthPage>
  );
}

export default function PasswordResetPage() {
  const { t } = useTranslation('auth');
  const params = useParams();
  const navigate = useNavigate();
  const [token] = useState(() => readLinkToken(params.token));
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const complete = useMutation({
    mutationFn: () => authApi.completePasswordReset(token, password),
    onSuccess: () => void navigate('/sign-in', { replace: true, state: { reason: 'passwordReset' } }),
  });
  const error = complete.error instanceof ApiError ? complete.error : null;
  const serverRule = error?.code === 'weak_password' ? ((error.problem as { rule?: PasswordRule } | null)?.rule ?? 'common') : null;
  const linkProblem = !token || (error && ['link_expired', 'link_used', 'not_found'].includes(error.code));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (passwordAcceptable(password, confirm)) complete.mutate();
  };

  if (linkProblem) {
    return (
      <AuthPage title={t('reset.problemTitle')}>
        {token ? <AuthError error={error} link /> : <Alert color="red" variant="light" role="alert">{t('errors.link_missing')}</Alert>}
        <Button component={Link} to="/password-reset" {...BIG}>
          {t('reset.again')}
        </Button>
      </AuthPage>
    );
  }
  return (
    <AuthPage title={t('reset.newTitle')} lead={t('reset.newLead')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <NewPasswordFields
            password={password}
            confirm={confirm}
            onPassword={(v) => {
              setPassword(v);
              if (serverRule) complete.reset();
            }}
            onConfirm={setConfirm}
            serverRule={serverRule}
            showErrors={submitted}
          />
          {error && !serverRule && <AuthError error={error} />}
          <Button type="submit" {...BIG} loading={complete.isPending}>
            {t('reset.save')}
          </Button>
        </Stack>
      </form>
    </AuthPage>
  );
}
