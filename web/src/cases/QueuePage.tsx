// The dermatologist's home: the queue, most pressing first. Filters persist
// between visits (localStorage); claim straight from the row.
import { Button, Checkbox, Group, Select, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { QueueRow } from '../../../contracts/cases/case.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { useSession } from '../app/session.ts';
import { casesKeys, claimCase, useQueue, type QueueFilters } from './api.ts';
import { PriorityBadge, StateBadge, TimeLeft } from './CaseBits.tsx';
import { useClinicalLabels } from './clinical-labels.ts';

export const QUEUE_FILTERS_KEY = 'dermlink.queue.filters';

export function QueuePage() {
  const { t } = useTranslation('cases');
  const tc = useClinicalLabels();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: session } = useSession();
  const [filters, setFilters] = useLocalStorage<QueueFilters>({ key: QUEUE_FILTERS_KEY, defaultValue: {}, getInitialValueInEffect: false });
  const queue = useQueue(filters);
  const claim = useMutation({
    mutationFn: (id: string) => claimCase(id),
    onSuccess: async (_r, id) => {
      await queryClient.invalidateQueries({ queryKey: casesKeys.all });
      void navigate(`/queue/${id}`);
    },
  });
  const set = (patch: Partial<QueueFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const services = new Map((queue.items ?? []).map((r) => [r.service.id, r.service.name]));
  const anyFilter = Object.values(filters).some((v) => v !== undefined && v !== false && v !== '');

  const canClaim = (row: QueueRow) => row.state === 'submitted' && (!row.targetDermatologist || row.targetDermatologist.id === session?.user.id);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('queue.title')}
        </Title>
        {queue.items && (
          <Text c="dimmed" size="sm" role="status">
            {queue.hasNextPage ? t('queue.countMore', { count: queue.items.length }) : t('queue.count', { count: queue.items.length })}
          </Text>
        )}
      </Group>
      <Group gap="sm" align="flex-end" role="search" aria-label={t('queue.filters')}>
        <Select
          size="sm"
          w={220}
          label={t('queue.filter.state')}
          clearable
          value={filters.state ?? null}
          onChange={(v) => set({ state: v ?? undefined })}
          data={(['submitted', 'in_review', 'awaiting_requester'] as const).map((s) => ({ value: s, label: tc(`caseState.${s}`) }))}
          placeholder={t('queue.filter.any')}
        />
        <Select
          size="sm"
          w={200}
          label={t('queue.filter.urgency')}
          clearable
          value={filters.urgency ?? null}
          onChange={(v) => set({ urgency: v ?? undefined })}
          data={(['suspected_cancer', 'urgent', 'routine'] as const).map((u) => ({ value: u, label: t(`priority.${u}`) }))}
          placeholder={t('queue.filter.any')}
        />
        <Select
          size="sm"
          w={240}
          label={t('queue.filter.service')}
          clearable
          value={filters.serviceId ?? null}
          onChange={(v) => set({ serviceId: v ?? undefined })}
          data={[...services].map(([value, label]) => ({ value, label }))}
          placeholder={t('queue.filter.any')}
        />
        <Checkbox label={t('queue.filter.overdue')} checked={!!filters.overdue} onChange={(e) => set({ overdue: e.currentTarget.checked || undefined })} mb={8} />
        <Checkbox label={t('queue.filter.mine')} checked={!!filters.mine} onChange={(e) => set({ mine: e.currentTarget.checked || undefined })} mb={8} />
        {anyFilter && (
          <Button variant="subtle" size="sm" onClick={() => setFilters({})}>
            {t('queue.filter.clear')}
          </Button>
        )}
      </Group>
      <ErrorNotice error={queue.error ?? claim.error} />
      {queue.isPending ? (
        <Table aria-busy="true">
          <Table.Tbody>
            {[0, 1, 2].map((i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  <Text c="dimmed">…</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : queue.items && queue.items.length > 0 ? (
        <>
          <Table.ScrollContainer minWidth={960}>
            <Table striped highlightOnHover verticalSpacing="xs" fz="sm">
              <Table.Caption>{t('queue.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('queue.col.priority')}</Table.Th>
                  <Table.Th>{t('queue.col.timeLeft')}</Table.Th>
                  <Table.Th>{t('queue.col.patient')}</Table.Th>
                  <Table.Th>{t('queue.col.site')}</Table.Th>
                  <Table.Th>{t('queue.col.reason')}</Table.Th>
                  <Table.Th>{t('queue.col.score')}</Table.Th>
                  <Table.Th>{t('queue.col.requester')}</Table.Th>
                  <Table.Th>{t('queue.col.state')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('queue.col.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {queue.items.map((row) => (
                  <Table.Tr key={row.id}>
                    {/* The priority is the first thing read: never cut to "Suspected ca…". */}
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <PriorityBadge priority={row.priority} />
                    </Table.Td>
                    <Table.Td>
                      <TimeLeft deadline={row.deadline} />
                    </Table.Td>
                    <Table.Td>
                      <Link to={`/queue/${row.id}`}>
                        {row.patient.initials} · {t('queue.ageSex', { age: row.patient.age, sex: tc(`sexShort.${row.patient.sex}`) })}
                      </Link>
                    </Table.Td>
                    <Table.Td>{row.bodySite ? tc(`bodySite.${row.bodySite}`) : '—'}</Table.Td>
                    <Table.Td>{row.reason ? tc(`requestReason.${row.reason}`) : '—'}</Table.Td>
                    <Table.Td>{row.sevenPointScore ?? '—'}</Table.Td>
                    <Table.Td>
                      {row.requester.name}
                      <Text size="xs" c="dimmed">
                        {row.requester.organisationName}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <StateBadge state={row.state} />
                      {row.assignedDermatologist && (
                        <Text size="xs" c="dimmed">
                          {row.assignedDermatologist.name}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {canClaim(row) ? (
                        <Button size="xs" onClick={() => claim.mutate(row.id)} loading={claim.isPending && claim.variables === row.id} aria-label={t('queue.claimRow', { patient: row.patient.initials })}>
                          {t('queue.claim')}
                        </Button>
                      ) : (
                        <Button size="xs" variant="default" component={Link} to={`/queue/${row.id}`}>
                          {t('queue.open')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {queue.hasNextPage && (
            <Group justify="center">
              <Button variant="default" onClick={() => void queue.fetchNextPage()} loading={queue.isFetchingNextPage}>
                {t('queue.showMore')}
              </Button>
            </Group>
          )}
        </>
      ) : (
        <EmptyState
          title={anyFilter ? t('queue.emptyFiltered.title') : t('queue.empty.title')}
          hint={anyFilter ? t('queue.emptyFiltered.hint') : t('queue.empty.hint')}
          action={
            anyFilter ? (
              <Button variant="default" onClick={() => setFilters({})}>
                {t('queue.filter.clear')}
              </Button>
            ) : undefined
          }
        />
      )}
    </Stack>
  );
}
