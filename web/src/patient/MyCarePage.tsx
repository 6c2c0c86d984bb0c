// The patient's home, minimal for now (the patient feature will grow it):
// a greeting and what happens next, in plain words.
import { Button, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { EmptyState } from '../app/EmptyState.tsx';
import { isSignedIn, useSession } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';

export default function MyCarePage() {
  const { t } = useTranslation('auth');
  const { data: session, isPending } = useSession();
  if (isPending) return <PageSkeleton />;
  if (!isSignedIn(session)) return <Navigate to="/patient/sign-in" replace />;
  const firstName = session.user.displayName.split(' ')[0] ?? session.user.displayName;
  return (
    <Stack gap="lg" maw={560}>
      <Title order={1} size="h2">
        {t('myCare.hello', { name: firstName })}
      </Title>
      <EmptyState title={t('myCare.emptyTitle')} hint={t('myCare.emptyHint')} />
      <Button component={Link} to="/my-care/access" variant="outline" size="lg" fullWidth>
        {t('myCare.access')}
      </Button>
    </Stack>
  );
}
