// The requester's cases: tabs by what needs doing, a row per case, the unread
// answers counted on the "Answered" tab. Phone-first.
import { Badge, Button, Card, Group, ScrollArea, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { CaseSummary } from '../../../contracts/cases/case.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { PageSkeleton } from '../app/Shell.tsx';
import { useCaseCounts, useCaseList } from './api.ts';
import { formatDate, StateBadge, TimeLeft } from './CaseBits.tsx';
import { useClinicalLabels } from './clinical-labels.ts';

const VIEWS = ['all', 'drafts', 'waiting', 'awaiting_me', 'answered', 'closed'] as const;
type View = (typeof VIEWS)[number];

function CaseRow({ item }: { item: CaseSummary }) {
  const { t } = useTranslation('cases');
  const tc = useClinicalLabels();
  return (
    <Card component={Link} to={`/cases/${item.id}`} withBorder padding="sm" aria-label={t('list.rowLabel', { name: `${item.patient.givenName} ${item.patient.familyName}` })}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text fw={600} lineClamp={1}>
            {item.patient.familyName.toUpperCase()} {item.patient.givenName}
          </Text>
          <Text size="sm" c="dimmed">
            {[item.bodySite ? tc(`bodySite.${item.bodySite}`) : t('list.noSite'), item.reason ? tc(`requestReason.${item.reason}`) : null].filter(Boolean).join(' · ')}
          </Text>
        </Stack>
        {item.unread && (
          <Badge color="red.9" variant="filled" tt="none">
            {t('list.new')}
          </Badge>
        )}
      </Group>
      <Group justify="space-between" mt={6} gap="xs">
        <StateBadge state={item.state} />
        {item.state === 'draft' ? (
          <Text size="sm" c="dimmed">
            {t('list.savedOn', { date: formatDate(item.updatedAt, true) })}
          </Text>
        ) : item.state === 'answered' || item.state === 'acknowledged' ? (
          item.outcome && (
            <Text size="sm" fw={600}>
              {tc(`triageOutcome.${item.outcome}`)}
            </Text>
          )
        ) : (
          <TimeLeft deadline={item.deadline} />
        )}
      </Group>
    </Card>
  );
}

export function CaseListPage() {
  const { t } = useTranslation('cases');
  const [params, setParams] = useSearchParams();
  const view: View = (VIEWS as readonly string[]).includes(params.get('view') ?? '') ? (params.get('view') as View) : 'all';
  const list = useCaseList({ view });
  const counts = useCaseCounts();
  const countFor = (v: View): number | null => {
    if (!counts.data) return null;
    if (v === 'answered') return counts.data.answeredUnread;
    if (v === 'awaiting_me') return counts.data.awaitingMe;
    return null;
  };

  return (
    <Stack gap="md" maw={640} mx="auto" pb={88}>
      <Title order={1} size="h2">
        {t('list.title')}
      </Title>
      <Tabs value={view} onChange={(v) => setParams(v && v !== 'all' ? { view: v } : {}, { replace: true })} keepMounted={false}>
        <ScrollArea type="never" offsetScrollbars={false}>
          <Tabs.List style={{ flexWrap: 'nowrap' }}>
            {VIEWS.map((v) => {
              const count = countFor(v);
              return (
                <Tabs.Tab
                  key={v}
                  value={v}
                  style={{ minHeight: 44 }}
                  rightSection={
                    count ? (
                      <Badge size="sm" color="red.9" variant="filled" circle aria-label={t('list.unreadCount', { count })}>
                        {count}
                      </Badge>
                    ) : null
                  }
                >
                  {t(`list.views.${v}`)}
                </Tabs.Tab>
              );
            })}
          </Tabs.List>
        </ScrollArea>
      </Tabs>
      <ErrorNotice error={list.error} />
      {list.isPending ? (
        <PageSkeleton />
      ) : list.data && list.data.items.length > 0 ? (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t(`list.views.${view}`)}>
          {list.data.items.map((item) => (
            <li key={item.id}>
              <CaseRow item={item} />
            </li>
          ))}
        </Stack>
      ) : (
        <EmptyState
          title={t(`list.empty.${view}.title`)}
          hint={t(`list.empty.${view}.hint`)}
          action={
            <Button component={Link} to="/cases/new">
              {t('list.newRequest')}
            </Button>
          }
        />
      )}
      <div className="thumb-bar">
        <Button component={Link} to="/cases/new" size="lg" fullWidth>
          {t('list.newRequest')}
        </Button>
      </div>
    </Stack>
  );
}
