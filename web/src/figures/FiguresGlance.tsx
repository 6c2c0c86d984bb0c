// On the coordinator's home (/network): the last 30 days at a glance and a link
// to the figures page.
import { Anchor, Group, Skeleton, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { fetchFigures, figuresKey } from './api.ts';
import { Glance } from './Glance.tsx';

export function FiguresGlance() {
  const { t } = useTranslation('figures');
  const figures = useQuery({ queryKey: figuresKey({}), queryFn: () => fetchFigures({}) });
  return (
    <Stack component="section" gap="sm" aria-labelledby="figures-glance-title">
      <Group justify="space-between" align="baseline">
        <Title order={2} size="h3" id="figures-glance-title">
          {t('glance.title')}
        </Title>
        <Anchor component={Link} to="/network/figures">
          {t('glance.more')}
        </Anchor>
      </Group>
      {figures.isPending && <Skeleton height={110} radius="md" />}
      <ErrorNotice error={figures.error} />
      {figures.data && <Glance figures={figures.data} />}
    </Stack>
  );
}
