// The three figures at a glance: answered within the deadline, overdue now,
// median time to answer. Used on /network and at the top of /network/figures.
import { Card, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Figures } from '../../../contracts/figures/index.ts';
import { currentLanguage } from '../i18n/index.ts';
import { duration, integer, percent } from './format.ts';

export function Glance({ figures }: { figures: Figures }) {
  const { t } = useTranslation('figures');
  const lang = currentLanguage();
  const units = { hours: t('units.hours'), days: t('units.days') };
  const items = [
    { key: 'withinDeadline', value: percent(figures.shareWithinDeadline, lang), hint: t('glance.withinDeadlineHint', { count: figures.answered }) },
    { key: 'overdueNow', value: integer(figures.overdueNow, lang), hint: t('glance.overdueNowHint') },
    { key: 'timeToAnswer', value: duration(figures.medianHoursToAnswer, lang, units), hint: t('glance.timeToAnswerHint', { p90: duration(figures.p90HoursToAnswer, lang, units) }) },
  ];
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
      {items.map((i) => (
        <Card key={i.key} withBorder padding="md" radius="md">
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              {t(`glance.${i.key}`)}
            </Text>
            <Text fz={32} fw={700} lh={1.2} data-testid={`figure-${i.key}`}>
              {i.value}
            </Text>
            <Text size="sm" c="dimmed">
              {i.hint}
            </Text>
          </Stack>
        </Card>
      ))}
    </SimpleGrid>
  );
}
