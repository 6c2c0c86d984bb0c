// Accepting an invitation: name, professional identifier (RPPS or GMC by the
// network's country), a password with its rules, then straight to enrolment.
import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { SESSION_QUERY_KEY } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { PROFESSIONAL_ID_NAMES, normaliseProfessionalId, professionalIdProblem, type PasswordRule } from './rules.ts';
import { authApi, type InvitationPreview } from './api.ts';
import { AuthError, AuthPage, BIG, NewPasswordFields, passwordAcceptable, readLinkToken, useAuthErrorMessage } from './components.tsx';

export default function InvitationPage() {
  const { t } = useTranslation('auth');
  const params = useParams();
  const [token] = useState(() => readLinkToken(params.token));
  const preview = useQuery({ queryKey: ['auth', 'invitation', token], queryFn: () => authApi.previewInvitation(token), enabled: token.length > 0, retry: false, staleTime: Infinity });
  const message = useAuthErrorMessage();

  if (!token || preview.error) {
    return (
      <AuthPage title={t('invitation.problemTitle')}>
        <Alert color="red" variant="light" role="alert">
          {token ? message(preview.error, { link: true }) : t('errors.invitation_missing')}
        </Alert>
        <Text>{t('invitation.askAgain')}</Text>
        <Button component={Link} to="/sign-in" variant="outline" {...BIG}>
          {t('invitation.toSignIn')}
        </Button>
      </AuthPage>
    );
  }
  if (!preview.data) return <PageSkeleton />;
  return <AcceptForm token={token} invitation={preview.data} />;
}

function AcceptForm({ token, invitation }: { token: string; invitation: InvitationPreview }) {
  const { t } = useTranslation('auth');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [professionalId, setProfessionalId] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const needsProfessionalId = invitation.role !== 'coordinator';
  const idName = PROFESSIONAL_ID_NAMES[invitation.country];
  const idProblem = needsProfessionalId ? professionalIdProblem(invitation.country, professionalId) : null;
  const idValid = idProblem === null;

  const accept = useMutation({
    mutationFn: () =>
      authApi.acceptInvitation(
        invitation.existingAccount
          ? { token, password }
          : { token, password, displayName: name.trim(), professionalId: needsProfessionalId ? normaliseProfessionalId(professionalId) : undefined, locale: currentLanguage() },
      ),
    onSuccess: (session) => {
      queryClient.setQueryData(SESSION_QUERY_KEY, session);
      void navigate(session.secondFactorPending && !session.hasTotp && session.passkeyCount === 0 ? '/enrol' : '/sign-in', { replace: true });
    },
  });
  const error = accept.error instanceof ApiError ? accept.error : null;
  const serverRule = error?.code === 'weak_password' ? ((error.problem as { rule?: PasswordRule } | null)?.rule ?? 'common') : null;
  const idServerError = error?.code === 'invalid_professional_id';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (invitation.existingAccount ? password.length > 0 : name.trim().length >= 2 && idValid && passwordAcceptable(password, confirm)) accept.mutate();
  };

  return (
    <AuthPage
      title={t('invitation.title')}
      lead={t('invitation.lead', { organisation: invitation.organisationName, role: t(`roles.${invitation.role}`) })}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label={t('fields.email')} value={invitation.email} readOnly size="lg" autoComplete="username" />
          {invitation.existingAccount ? (
            <>
              <Text>{t('invitation.existing')}</Text>
              <PasswordInput label={t('fields.password')} autoComplete="current-password" size="lg" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            </>
          ) : (
            <>
              <TextInput
                label={t('invitation.name')}
                description={t('invitation.nameHint')}
                autoComplete="name"
                size="lg"
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={submitted && name.trim().length < 2 ? t('invitation.nameMissing') : undefined}
              />
              {needsProfessionalId && (
                <TextInput
                  label={t('invitation.professionalId', { name: idName })}
                  description={t(`invitation.professionalIdHint.${invitation.country}`)}
                  inputMode="numeric"
                  autoComplete="off"
                  size="lg"
                  required
                  value={professionalId}
                  onChange={(e) => setProfessionalId(e.currentTarget.value)}
                  error={(submitted && !idValid) || idServerError ? t(idProblem === 'checksum' || (idServerError && idValid) ? 'invitation.professionalIdChecksum' : `invitation.professionalIdInvalid.${invitation.country}`, { name: idName }) : undefined}
                />
              )}
              <NewPasswordFields
                password={password}
                confirm={confirm}
                onPassword={(v) => {
                  setPassword(v);
                  if (serverRule) accept.reset();
                }}
                onConfirm={setConfirm}
                serverRule={serverRule}
                showErrors={submitted}
                email={invitation.email}
              />
            </>
          )}
          {error && error.code !== 'weak_password' && !idServerError && <AuthError error={error} />}
          <Button type="submit" {...BIG} loading={accept.isPending}>
            {t('invitation.accept')}
          </Button>
        </Stack>
      </form>
    </AuthPage>
  );
}
