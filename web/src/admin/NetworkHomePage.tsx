// The coordinator's home: where to go next. Activity and deadline figures
// (another issue) go in the section marked below, above the links.
import { Anchor, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ADMIN_KEYS, adminApi } from './api.ts';
import { FiguresGlance } from '../figures/FiguresGlance.tsx';

const LINKS = [
  { to: '/network/organisations', key: 'organisations' },
  { to: '/network/people', key: 'people' },
  { to: '/network/invitations', key: 'invitations' },
  { to: '/network/audit', key: 'audit' },
] as const;

export function NetworkHomePage() {
  const { t } = useTranslation('admin');
  const organisations = useQuery({ queryKey: ADMIN_KEYS.organisations, queryFn: adminApi.organisations });
  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap={4}>
        <Title order={1}>{t('home.title')}</Title>
        {organisations.data && <Text c="dimmed">{organisations.data.network.name}</Text>}
      </Stack>
      <FiguresGlance />
      <section aria-labelledby="network-links-title">
        <Title order={2} size="h3" id="network-links-title" mb="sm">
          {t('home.manage')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
          {LINKS.map((link) => (
            <Card key={link.key} withBorder padding="md" radius="md">
              <Stack gap={6}>
                <Anchor component={Link} to={link.to} fw={650} size="lg">
                  {t(`home.links.${link.key}.title`)}
                </Anchor>
                <Text size="sm" c="dimmed">
                  {t(`home.links.${link.key}.hint`)}
                </Text>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      </section>
    </Stack>
  );
}
