import { Button, Container, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { ROLE_HOME } from '../app/navigation.ts';
import { useSession } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';

/** Signed-in people go straight to their work; others see what DermLink is and sign in. */
export function HomePage() {
  const { t } = useTranslation();
  const { data: session, isPending } = useSession();
  if (isPending) return <PageSkeleton />;
  if (session) return <Navigate to={ROLE_HOME[session.role]} replace />;
  return (
    <Container size="xs" py="xl">
      <Stack gap="lg">
        <Title order={1}>{t('home.title')}</Title>
        <Text size="lg">{t('home.lead')}</Text>
        <Stack gap="sm">
          <Button component={Link} to="/sign-in" size="lg" fullWidth>
            {t('home.signInClinician')}
          </Button>
          <Button component={Link} to="/patient/sign-in" size="lg" variant="outline" fullWidth>
            {t('home.signInPatient')}
          </Button>
        </Stack>
        <Text size="sm" c="dimmed">
          {t('home.confidential')}
        </Text>
      </Stack>
    </Container>
  );
}
