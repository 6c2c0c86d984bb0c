// /agenda: the dermatologist's upcoming video appointments by day (desktop),
// each opening the appointment page (/appointments/:appointmentId).
import { Anchor, Badge, Button, Group, Paper, SegmentedControl, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { appointmentKeys, fetchAgenda } from './api.ts';
import { ChangeAppointmentButton } from './ChangeAppointment.tsx';
import { byDay, cityOf, clockTime, longDay } from './format.ts';

const startOfTodayIso = () => {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
};

export function AgendaPage() {
  const { t } = useTranslation('appointments');
  const lang = currentLanguage();
  const [days, setDays] = useState('7');
  const [from] = useState(startOfTodayIso);
  const agenda = useQuery({ queryKey: appointmentKeys.agenda(from, Number(days)), queryFn: () => fetchAgenda(from, Number(days)) });
  const items = agenda.data?.appointments ?? [];
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={1}>{t('agenda.title')}</Title>
          <Text c="dimmed">{t('agenda.lead')}</Text>
        </Stack>
        <Group>
          <SegmentedControl
            aria-label={t('agenda.range')}
            value={days}
            onChange={setDays}
            data={[
              { value: '7', label: t('agenda.week') },
              { value: '28', label: t('agenda.fourWeeks') },
            ]}
          />
          <Button component={Link} to="/agenda/availability" variant="outline">
            {t('agenda.availability')}
          </Button>
        </Group>
      </Group>
      <ErrorNotice error={agenda.error} />
      {agenda.isPending && <Skeleton height={240} />}
      {agenda.data && items.length === 0 && (
        <EmptyState
          title={t('agenda.emptyTitle')}
          hint={t('agenda.emptyHint')}
          action={
            <Button component={Link} to="/agenda/availability">
              {t('agenda.availability')}
            </Button>
          }
        />
      )}
      {byDay(items, (a) => a.startsAt, (a) => a.timeZone).map((group) => (
        <Paper key={group.day} withBorder p="md" radius="md" component="section" aria-label={longDay(group.first.startsAt, group.first.timeZone, lang)}>
          <Title order={2} size="h4" tt="capitalize" mb="sm">
            {longDay(group.first.startsAt, group.first.timeZone, lang)}
          </Title>
          <Table verticalSpacing="xs" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={140}>{t('agenda.time', { city: cityOf(group.first.timeZone) })}</Table.Th>
                <Table.Th>{t('agenda.patient')}</Table.Th>
                <Table.Th>{t('agenda.service')}</Table.Th>
                <Table.Th>{t('agenda.preparation')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('availability.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {group.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    {clockTime(a.startsAt, a.timeZone, lang)}–{clockTime(a.endsAt, a.timeZone, lang)}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/appointments/${a.id}`} fw={600}>
                      {a.patient?.displayName}
                    </Anchor>
                    {a.coordinated && (
                      <Badge ml="xs" size="sm" variant="light" tt="none">
                        {t('agenda.coordinated')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{a.service.name}</Table.Td>
                  <Table.Td>{a.questionnaireSubmittedAt ? t('agenda.ready') : t('agenda.notReady')}</Table.Td>
                  <Table.Td>
                    <ChangeAppointmentButton appointmentId={a.id} label={t('change.action')} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ))}
    </Stack>
  );
}
