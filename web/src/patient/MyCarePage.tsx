// The patient's home (/my-care), phone-first: each request with what has
// happened in plain sentences, the specialist's summary once it may reach them,
// one clear next step, what the patient agreed to (and taking it back), and
// "who looked at my record".
import { Alert, Badge, Button, Card, Group, Modal, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MyCase, MyConsent } from '../../../contracts/patient/index.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { isSignedIn, useSession } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { fetchMyCases, fetchMyConsents, patientKeys, withdrawConsent } from './api.ts';
import { spokenDate, stepSentences } from './timeline.ts';
import { MyVisits } from '../visits/MyVisits.tsx';
import { BookingInvitations } from '../appointments/BookingInvitations.tsx';

export default function MyCarePage() {
  const { t } = useTranslation('patient');
  const { data: session, isPending } = useSession();
  const signedIn = isSignedIn(session);
  const cases = useQuery({ queryKey: patientKeys.cases, queryFn: fetchMyCases, enabled: signedIn });
  if (isPending) return <PageSkeleton />;
  if (!signedIn) return <PageSkeleton />; // signed out: SessionGuard opens sign-in, then comes back here
  const firstName = session.user.displayName.split(' ')[0] ?? session.user.displayName;
  return (
    <Stack gap="xl" maw={560} className="my-care" fz="lg">
      <Title order={1} size="h2">
        {t('myCare.hello', { name: firstName })}
      </Title>
      <BookingInvitations />
      <Stack component="section" gap="md" aria-labelledby="my-requests">
        <Title order={2} size="h3" id="my-requests">
          {t('myCare.yourRequests')}
        </Title>
        {cases.isPending && <Skeleton height={180} radius="md" />}
        <ErrorNotice error={cases.error} />
        {cases.data && cases.data.cases.length === 0 && <EmptyState title={t('myCare.emptyTitle')} hint={t('myCare.emptyHint')} />}
        {cases.data?.cases.map((c) => <CaseCard key={c.id} item={c} />)}
      </Stack>
      <MyVisits />
      <Consents />
      <Button component={Link} to="/my-care/access" variant="outline" size="lg" fullWidth>
        {t('myCare.access')}
      </Button>
    </Stack>
  );
}

function CaseCard({ item }: { item: MyCase }) {
  const { t } = useTranslation('patient');
  const lang = currentLanguage();
  const titleId = `case-${item.id}`;
  const next =
    item.status === 'answered' && item.nextStep ? t(`nextStep.${item.nextStep}`) : item.status !== 'answered' ? t(`myCare.next.${item.status}`) : null;
  return (
    <Card component="article" withBorder radius="md" padding="lg" aria-labelledby={titleId}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h4" id={titleId}>
            {t('myCare.requestOf', { date: spokenDate(item.sentOn, lang) })}
          </Title>
          <Badge size="lg" variant="dot" tt="none" style={{ flexShrink: 0 }} color={item.status === 'held' ? 'yellow' : item.status === 'answered' ? 'green' : 'gray'}>
            {t(`myCare.status.${item.status}`)}
          </Badge>
        </Group>
        <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('myCare.listLabel')}>
          {item.steps.map((step, i) => {
            const s = stepSentences(step, t, lang);
            return (
              <li key={`${step.kind}-${i}`}>
                <Text fz="lg">{s.sentence}</Text>
                {step.kind !== 'sent' && (
                  <Text size="sm" c="dimmed">
                    {s.when}
                  </Text>
                )}
                {s.expected && <Text fz="lg">{s.expected}</Text>}
              </li>
            );
          })}
        </Stack>
        {item.summary && (
          <Alert variant="light" color="blue" title={t('myCare.summaryTitle')}>
            <Text fz="lg" style={{ whiteSpace: 'pre-wrap' }}>
              {item.summary}
            </Text>
          </Alert>
        )}
        {next && (
          <Stack gap={4}>
            <Title order={4} size="h5">
              {t('myCare.nextTitle')}
            </Title>
            <Text fz="lg" fw={600}>
              {next}
            </Text>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

function Consents() {
  const { t } = useTranslation('patient');
  const consents = useQuery({ queryKey: patientKeys.consents, queryFn: fetchMyConsents });
  const [done, setDone] = useState(false);
  return (
    <Stack component="section" gap="md" aria-labelledby="my-consents">
      <Title order={2} size="h3" id="my-consents">
        {t('consents.title')}
      </Title>
      {consents.isPending && <Skeleton height={120} radius="md" />}
      <ErrorNotice error={consents.error} />
      {done && (
        <Alert color="green" variant="light" role="status">
          {t('consents.done')}
        </Alert>
      )}
      {consents.data && consents.data.consents.length === 0 && <EmptyState title={t('consents.empty')} hint={t('consents.emptyHint')} />}
      {consents.data?.consents.map((c) => <ConsentCard key={c.id} consent={c} onWithdrawn={() => setDone(true)} />)}
    </Stack>
  );
}

function ConsentCard({ consent, onWithdrawn }: { consent: MyConsent; onWithdrawn: () => void }) {
  const { t } = useTranslation('patient');
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const withdraw = useMutation({
    mutationFn: () => withdrawConsent(consent.id),
    onSuccess: async () => {
      setConfirming(false);
      onWithdrawn();
      await queryClient.invalidateQueries({ queryKey: patientKeys.consents });
    },
  });
  const active = consent.withdrawnAt === null;
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        <Badge size="lg" variant="dot" tt="none" color={active ? 'green' : 'gray'}>
          {t(active ? 'consents.active' : 'consents.withdrawn')}
        </Badge>
        <Stack component="ul" gap={4} pl="md" m={0}>
          {consent.scope.map((s) => (
            <Text component="li" key={s} fz="lg">
              {t(`consents.${s}`)}
            </Text>
          ))}
        </Stack>
        <Text size="sm" c="dimmed">
          {active
            ? t('consents.since', { date: spokenDate(consent.recordedAt, lang) })
            : t(consent.withdrawnByMe ? 'consents.withdrawnOn' : 'consents.withdrawnOnByOther', { date: spokenDate(consent.withdrawnAt!, lang) })}
        </Text>
        {active && (
          <Button variant="outline" color="red.9" size="lg" fullWidth onClick={() => setConfirming(true)}>
            {t('consents.withdraw')}
          </Button>
        )}
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('consents.confirmTitle')} centered transitionProps={{ duration: 0 }} closeButtonProps={{ 'aria-label': t('consents.close') }}>
        <Stack gap="md">
          <Text fz="lg">{t('consents.confirmText')}</Text>
          <ErrorNotice error={withdraw.error} />
          <Button color="red.9" size="lg" fullWidth loading={withdraw.isPending} onClick={() => withdraw.mutate()}>
            {t('consents.confirm')}
          </Button>
          <Button variant="default" size="lg" fullWidth onClick={() => setConfirming(false)}>
            {t('consents.cancel')}
          </Button>
        </Stack>
      </Modal>
    </Card>
  );
}
