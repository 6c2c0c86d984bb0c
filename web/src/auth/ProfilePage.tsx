// My profile: details, where I am signed in (sign out one or all), passkeys,
// recovery codes, and the organisation and role I work as. Adding a passkey or
// making new recovery codes asks for the password again (Reauthentication.tsx).
import { Alert, Badge, Button, Card, Group, Modal, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { EmptyState } from '../app/EmptyState.tsx';
import { ROLE_HOME } from '../app/navigation.ts';
import { SESSION_QUERY_KEY, isSignedIn, useSession, type SessionInfo } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { authApi, type ActiveSession } from './api.ts';
import { AuthError, RecoveryCodesPanel } from './components.tsx';
import { describeDevice } from './device.ts';
import { useReauthentication } from './Reauthentication.tsx';

const dateTime = (iso: string) => new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

export default function ProfilePage() {
  const { t } = useTranslation('auth');
  const { data: session, isPending } = useSession();
  if (isPending) return <PageSkeleton />;
  if (!isSignedIn(session)) return <PageSkeleton />; // signed out: SessionGuard opens sign-in, then comes back here
  return (
    <Stack gap="xl" maw={880}>
      <Title order={1}>{t('profile.title')}</Title>
      <Details session={session} />
      {session.memberships.length > 1 && <Memberships session={session} />}
      <Sessions />
      {session.role !== 'patient' && <SecondFactors session={session} />}
    </Stack>
  );
}

function Section({ title, children, id }: { title: string; children: React.ReactNode; id: string }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Stack gap="md">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

function Details({ session }: { session: SessionInfo }) {
  const { t } = useTranslation('auth');
  return (
    <Section title={t('profile.details')} id="profile-details">
      <Stack gap={4} component="dl" m={0}>
        <Text component="dt" fw={600}>{t('profile.name')}</Text>
        <Text component="dd" m={0}>{session.user.displayName}</Text>
        <Text component="dt" fw={600}>{t('fields.email')}</Text>
        <Text component="dd" m={0}>{session.user.email}</Text>
        {session.role !== 'patient' && (
          <>
            <Text component="dt" fw={600}>{t('profile.workingAs')}</Text>
            <Text component="dd" m={0}>
              {t(`roles.${session.role}`)}
              {session.organisation ? ` · ${session.organisation.name}` : ''}
            </Text>
          </>
        )}
      </Stack>
    </Section>
  );
}

function Memberships({ session }: { session: SessionInfo }) {
  const { t } = useTranslation('auth');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const switchTo = useMutation({
    mutationFn: (id: string) => authApi.switchMembership(id),
    onSuccess: (s) => {
      // Everything cached belonged to the previous role: start clean.
      queryClient.clear();
      queryClient.setQueryData(SESSION_QUERY_KEY, s);
      void navigate(ROLE_HOME[s.role]);
    },
  });
  return (
    <Section title={t('profile.memberships')} id="profile-memberships">
      <Stack gap="xs">
        {session.memberships.map((m) => {
          const current = session.organisation?.id === m.organisationId && session.role === m.role;
          return (
            <Group key={m.id} justify="space-between" wrap="nowrap">
              <div>
                <Text fw={600}>{m.organisationName}</Text>
                <Text size="sm">{t(`roles.${m.role}`)}</Text>
              </div>
              {current ? (
                <Badge variant="light">{t('choose.current')}</Badge>
              ) : (
                <Button variant="outline" size="sm" mih={44} loading={switchTo.isPending && switchTo.variables === m.id} onClick={() => switchTo.mutate(m.id)}>
                  {t('profile.switch')}
                </Button>
              )}
            </Group>
          );
        })}
      </Stack>
      <AuthError error={switchTo.error} />
    </Section>
  );
}

function Sessions() {
  const { t } = useTranslation('auth');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sessions = useQuery({ queryKey: ['auth', 'sessions'], queryFn: authApi.sessions });
  const revoke = useMutation({ mutationFn: (s: ActiveSession) => authApi.revokeSession(s.id), onSuccess: () => queryClient.invalidateQueries({ queryKey: ['auth', 'sessions'] }) });
  const revokeAll = useMutation({
    mutationFn: authApi.revokeAllSessions,
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(SESSION_QUERY_KEY, null);
      void navigate('/sign-in', { replace: true, state: { reason: 'signedOutEverywhere' } });
    },
  });
  return (
    <Section title={t('profile.sessions')} id="profile-sessions">
      <Text size="sm">{t('profile.sessionsHint')}</Text>
      {sessions.isPending && <PageSkeleton />}
      <AuthError error={sessions.error ?? revoke.error ?? revokeAll.error} />
      {sessions.data && sessions.data.sessions.length === 0 && <EmptyState title={t('profile.noSessions')} hint={t('profile.noSessionsHint')} />}
      {sessions.data && sessions.data.sessions.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('profile.device')}</Table.Th>
                <Table.Th>{t('profile.lastSeen')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('profile.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.data.sessions.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Text>{describeDevice(s.userAgent, t('profile.unknownDevice'))}</Text>
                    {s.current && <Badge variant="light" mt={4}>{t('profile.thisDevice')}</Badge>}
                  </Table.Td>
                  <Table.Td>{dateTime(s.lastSeenAt)}</Table.Td>
                  <Table.Td ta="end">
                    {!s.current && (
                      <Button
                        variant="outline"
                        color="red"
                        size="sm"
                        mih={44}
                        loading={revoke.isPending && revoke.variables?.id === s.id}
                        onClick={() => revoke.mutate(s)}
                        aria-label={t('profile.signOutSessionOf', { device: describeDevice(s.userAgent, t('profile.unknownDevice')), date: dateTime(s.lastSeenAt) })}
                      >
                        {t('profile.signOutSession')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group>
        <Button variant="outline" color="red" mih={44} onClick={() => revokeAll.mutate()} loading={revokeAll.isPending}>
          {t('profile.signOutEverywhere')}
        </Button>
      </Group>
    </Section>
  );
}

function SecondFactors({ session }: { session: SessionInfo }) {
  const { t } = useTranslation('auth');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  // Adding a passkey and new recovery codes ask for the password first ("Confirm it is you").
  const { confirmed, dialog } = useReauthentication();
  const passkeys = useQuery({ queryKey: ['auth', 'passkeys'], queryFn: authApi.passkeys });
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: ['auth', 'passkeys'] }), queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY })]);
  const add = useMutation({
    mutationFn: () => authApi.registerPasskey(name.trim() || undefined, confirmed),
    onSuccess: async () => {
      setName('');
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => confirmed(() => authApi.removePasskey(id)), onSuccess: refresh });
  const regenerate = useMutation({
    mutationFn: () => confirmed(authApi.regenerateRecoveryCodes),
    onSuccess: async (res) => {
      setCodes(res.recoveryCodes);
      await queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
    },
  });

  return (
    <>
      <Section title={t('profile.passkeys')} id="profile-passkeys">
        <Text size="sm">{t('profile.passkeysHint')}</Text>
        {passkeys.isPending && <PageSkeleton />}
        <AuthError error={passkeys.error ?? remove.error} />
        {passkeys.data && passkeys.data.passkeys.length === 0 && <EmptyState title={t('profile.noPasskeys')} hint={t('profile.noPasskeysHint')} />}
        {passkeys.data && passkeys.data.passkeys.length > 0 && (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {passkeys.data.passkeys.map((p) => (
              <Group component="li" key={p.id} justify="space-between" wrap="nowrap">
                <div>
                  <Text fw={600}>{p.name}</Text>
                  <Text size="sm">
                    {t('profile.passkeyAdded', { date: dateTime(p.createdAt) })}
                    {p.lastUsedAt ? ` · ${t('profile.passkeyUsed', { date: dateTime(p.lastUsedAt) })}` : ''}
                  </Text>
                </div>
                <Button variant="outline" color="red" size="sm" mih={44} onClick={() => remove.mutate(p.id)} loading={remove.isPending && remove.variables === p.id} aria-label={t('profile.removePasskeyNamed', { name: p.name })}>
                  {t('profile.removePasskey')}
                </Button>
              </Group>
            ))}
          </Stack>
        )}
        <Group align="end">
          <TextInput label={t('profile.passkeyName')} placeholder={t('profile.passkeyNamePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={60} />
          <Button mih={44} onClick={() => add.mutate()} loading={add.isPending}>
            {t('profile.addPasskey')}
          </Button>
        </Group>
        <AuthError error={add.error} />
      </Section>
      <Section title={t('profile.authenticator')} id="profile-authenticator">
        <Text size="sm">{session.hasTotp ? t('profile.totpOn') : t('profile.totpOff')}</Text>
        <Group>
          <Button component={Link} to="/enrol" variant="outline" mih={44}>
            {session.hasTotp ? t('profile.totpReplace') : t('profile.totpSetUp')}
          </Button>
        </Group>
      </Section>
      <Section title={t('profile.recovery')} id="profile-recovery">
        <Text size="sm">{t('profile.recoveryRemaining', { count: session.recoveryCodesRemaining })}</Text>
        {session.recoveryCodesRemaining <= 3 && (
          <Alert color="yellow" variant="light">
            {t('profile.recoveryLow')}
          </Alert>
        )}
        <AuthError error={regenerate.error} />
        <Group>
          <Button variant="outline" mih={44} onClick={() => regenerate.mutate()} loading={regenerate.isPending}>
            {t('profile.regenerate')}
          </Button>
        </Group>
      </Section>
      <Modal opened={codes !== null} onClose={() => setCodes(null)} title={t('recovery.title')} size="md" closeButtonProps={{ 'aria-label': t('profile.close') }}>
        {codes && <RecoveryCodesPanel codes={codes} onDone={() => setCodes(null)} doneLabel={t('recovery.doneProfile')} />}
      </Modal>
      {dialog}
    </>
  );
}
