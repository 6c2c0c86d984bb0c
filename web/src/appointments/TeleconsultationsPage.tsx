// /teleconsultations: the GP's view of the practice's video appointments
// (next 90 days), and the way to book one for a patient. Phone first.
import { Button, Card, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { appointmentKeys, fetchPracticeAppointments } from './api.ts';
import { ChangeAppointmentButton } from './ChangeAppointment.tsx';
import { fullWhen } from './format.ts';

export function TeleconsultationsPage() {
  const { t } = useTranslation('appointments');
  const lang = currentLanguage();
  const list = useQuery({ queryKey: appointmentKeys.practice(null), queryFn: () => fetchPracticeAppointments(null) });
  return (
    <Stack maw={640} gap="lg" pb={96}>
      <Stack gap={4}>
        <Title order={1} size="h2">
          {t('gp.listTitle')}
        </Title>
        <Text c="dimmed">{t('gp.listLead')}</Text>
      </Stack>
      <ErrorNotice error={list.error} />
      {list.isPending && <Skeleton height={200} radius="md" />}
      {list.data && list.data.appointments.length === 0 && <EmptyState title={t('gp.emptyTitle')} hint={t('gp.emptyHint')} />}
      {list.data?.appointments.map((a) => (
        <Card key={a.id} withBorder radius="md" padding="md" component="article" aria-label={a.patient?.displayName}>
          <Stack gap={4}>
            <Text fw={600}>{a.patient?.displayName}</Text>
            <Text>{fullWhen(a.startsAt, a.timeZone, lang)}</Text>
            <Text size="sm" c="dimmed">
              {t('gp.withAt', { name: a.dermatologist.name, service: a.service.name })}
            </Text>
            <Button component={Link} to={`/appointments/${a.id}`} variant="outline" size="md" mih={44} mt="xs">
              {t('gp.open')}
            </Button>
            <ChangeAppointmentButton appointmentId={a.id} label={t('change.action')} />
          </Stack>
        </Card>
      ))}
      <Button component={Link} to="/teleconsultations/new" size="lg" fullWidth>
        {t('gp.bookNew')}
      </Button>
    </Stack>
  );
}
