// The network's figures (/network/figures, coordinator, desktop): the figures at
// a glance, then activity, the outcome mix and photos, each chart with an
// accessible table beside it. Charts (recharts) load on demand, never in the
// first download. Period and service pickers; CSV download.
import { Button, Card, Group, SimpleGrid, NativeSelect, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Figures } from '../../../contracts/figures/index.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { fetchFigures, figuresCsvUrl, figuresKey, type FiguresFilter } from './api.ts';
import { duration, integer, percent } from './format.ts';
import { Glance } from './Glance.tsx';

const BarChartOf = lazy(() => import('./FiguresCharts.tsx'));

// The coordinator's own calendar day (the server counts days in the network's zone), not UTC's.
const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export function FiguresPage() {
  const { t } = useTranslation('figures');
  const lang = currentLanguage();
  const [filter, setFilter] = useState<FiguresFilter>(() => {
    const to = new Date();
    return { from: isoDay(new Date(to.getFullYear(), to.getMonth(), to.getDate() - 29)), to: isoDay(to) };
  });
  const figures = useQuery({ queryKey: figuresKey(filter), queryFn: () => fetchFigures(filter), placeholderData: (prev) => prev });
  const f = figures.data;
  const units = { hours: t('units.hours'), days: t('units.days') };

  return (
    <Stack gap="lg" maw={1200}>
      <Title order={1}>{t('title')}</Title>
      <Group align="flex-end" gap="md" component="form" onSubmit={(e) => e.preventDefault()} aria-label={t('filters.label')}>
        <TextInput type="date" label={t('filters.from')} value={filter.from ?? ''} max={filter.to} onChange={(e) => setFilter({ ...filter, from: e.currentTarget.value || undefined })} />
        <TextInput type="date" label={t('filters.to')} value={filter.to ?? ''} min={filter.from} onChange={(e) => setFilter({ ...filter, to: e.currentTarget.value || undefined })} />
        <NativeSelect
          label={t('filters.service')}
          value={filter.serviceId ?? ''}
          onChange={(e) => setFilter({ ...filter, serviceId: e.currentTarget.value || undefined })}
          data={[{ value: '', label: t('filters.allServices') }, ...(f?.services ?? []).map((s) => ({ value: s.id, label: s.name }))]}
        />
        <Button component="a" href={figuresCsvUrl(filter)} download variant="default">
          {t('csv')}
        </Button>
      </Group>
      <ErrorNotice error={figures.error} />
      {figures.isPending && <PageSkeleton />}
      {f && (
        <>
          <Glance figures={f} />
          <Text size="sm" c="dimmed">
            {t('cohort')}
          </Text>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <div>
              <FigureTable
                title={t('activity.title')}
                rows={[
                  [t('activity.received'), integer(f.received, lang)],
                  [t('activity.answered'), integer(f.answered, lang)],
                  [t('activity.withdrawn'), integer(f.withdrawn, lang)],
                  [t('activity.withinDeadline'), `${integer(f.answeredWithinDeadline, lang)} (${percent(f.shareWithinDeadline, lang)})`],
                  [t('activity.within48h'), `${integer(f.answeredWithin48h, lang)} (${percent(f.shareWithin48h, lang)})`],
                  [t('activity.median'), duration(f.medianHoursToAnswer, lang, units)],
                  [t('activity.p90'), duration(f.p90HoursToAnswer, lang, units)],
                  [t('activity.requesters'), integer(f.activeRequesters, lang)],
                  [t('activity.dermatologists'), integer(f.activeDermatologists, lang)],
                ]}
              />
            </div>
            <div>
              <FigureTable
                title={t('photos.title')}
                rows={[
                  [t('photos.total'), integer(f.photos.total, lang)],
                  [t('photos.refused'), integer(f.photos.refused, lang)],
                  [t('photos.retaken'), integer(f.photos.retaken, lang)],
                  [t('photos.duplicates'), integer(f.photos.duplicates, lang)],
                ]}
                note={t('photos.definition')}
              />
            </div>
          </SimpleGrid>
          <ChartWithTable figures={f} />
        </>
      )}
    </Stack>
  );
}

function FigureTable({ title, rows, note }: { title: string; rows: Array<[string, string]>; note?: string }) {
  return (
    <Card withBorder radius="md" padding="md" h="100%">
      <Table striped>
        <caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 650, fontSize: '1.1rem', paddingBottom: 8 }}>{title}</caption>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row" fw={500}>
                {label}
              </Table.Th>
              <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {value}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {note && (
        <Text size="sm" c="dimmed" mt="xs">
          {note}
        </Text>
      )}
    </Card>
  );
}

function ChartWithTable({ figures }: { figures: Figures }) {
  const { t } = useTranslation('figures');
  const lang = currentLanguage();
  const data = figures.outcomes.map((o) => ({ label: t(`outcomes.${o.outcome}`), value: o.count }));
  const total = figures.outcomes.reduce((s, o) => s + o.count, 0);
  return (
    <Card withBorder radius="md" padding="md">
      <Title order={2} size="h3" mb="sm" id="outcomes-title">
        {t('outcomes.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <div>
          <Suspense fallback={<Skeleton height={260} />}>
            <BarChartOf data={data} label={t('outcomes.chartLabel')} />
          </Suspense>
        </div>
        <div>
          <Table aria-labelledby="outcomes-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('outcomes.outcome')}</Table.Th>
                <Table.Th ta="right">{t('outcomes.count')}</Table.Th>
                <Table.Th ta="right">{t('outcomes.share')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {figures.outcomes.map((o) => (
                <Table.Tr key={o.outcome}>
                  <Table.Th scope="row" fw={500}>
                    {t(`outcomes.${o.outcome}`)}
                  </Table.Th>
                  <Table.Td ta="right">{integer(o.count, lang)}</Table.Td>
                  <Table.Td ta="right">{percent(total ? o.count / total : null, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm" c="dimmed" mt="xs">
            {t('outcomes.withoutVisit', { count: figures.managedWithoutVisit })}
          </Text>
        </div>
      </SimpleGrid>
    </Card>
  );
}
