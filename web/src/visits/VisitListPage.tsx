// /visits: the dermatologist's visits to write up (today's and earlier ones not
// signed yet) and those signed recently; each row opens the visit page.
import { Badge, Button, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { fetchVisits, formatVisitTime, visitKeys, type VisitList } from './api.ts';

const STATE_COLOR = { to_write: 'blue', draft: 'yellow', completed: 'green', no_show: 'orange' } as const;

export function VisitListPage() {
  const { t } = useTranslation('visits');
  const lang = currentLanguage();
  const visits = useQuery({ queryKey: visitKeys.list, queryFn: fetchVisits });
  const row = (v: VisitList['items'][number]) => (
    <Table.Tr key={v.appointmentId}>
      <Table.Td>{formatVisitTime(v.startsAt, lang, v.timeZone, 'short')}</Table.Td>
      <Table.Td>
        <Text fw={600} size="sm">
          {v.patient.name}
        </Text>
        <Text size="xs" c="dimmed">
          {t('list.ageSex', { age: v.patient.age, sex: t(`sex.${v.patient.sex}`) })}
        </Text>
      </Table.Td>
      <Table.Td>{t(v.videoHeld ? 'list.videoHeld' : 'list.videoMissing')}</Table.Td>
      <Table.Td>
        <Badge variant="dot" color={STATE_COLOR[v.state]} tt="none">
          {t(`list.state.${v.state}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Button component={Link} to={`/appointments/${v.appointmentId}/visit`} size="xs" variant={v.state === 'to_write' || v.state === 'draft' ? 'filled' : 'default'} aria-label={t('list.openFor', { name: v.patient.name })}>
          {t(v.state === 'to_write' || v.state === 'draft' ? 'list.write' : 'list.open')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('list.title')}
      </Title>
      <Text c="dimmed">{t('list.intro')}</Text>
      <ErrorNotice error={visits.error} />
      {visits.isPending && <Skeleton height={200} />}
      {visits.data && visits.data.items.length === 0 && <EmptyState title={t('list.emptyTitle')} hint={t('list.emptyHint')} />}
      {visits.data && visits.data.items.length > 0 && (
        <Table striped highlightOnHover verticalSpacing="xs" aria-label={t('list.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('list.when')}</Table.Th>
              <Table.Th scope="col">{t('list.patient')}</Table.Th>
              <Table.Th scope="col">{t('list.video')}</Table.Th>
              <Table.Th scope="col">{t('list.notes')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('list.action')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{visits.data.items.map(row)}</Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
