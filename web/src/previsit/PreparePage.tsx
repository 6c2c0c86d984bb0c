// /my-care/appointments/:appointmentId/prepare: "Prepare your visit" on a page
// of its own (phone-first, plain words), reachable from the appointment page
// and from emails that point at the appointment.
import { Anchor, Button, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { isSignedIn, useSession } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { usePreparation } from './api.ts';
import { appointmentDate } from './format.ts';
import { PatientPrevisit } from './PatientPrevisit.tsx';

export function PreparePage() {
  const { t } = useTranslation('previsit');
  const { appointmentId } = useParams();
  const { data: session, isPending } = useSession();
  const signedIn = isSignedIn(session);
  const prep = usePreparation(signedIn ? appointmentId : undefined);
  if (isPending) return <PageSkeleton />;
  if (!signedIn) return <PageSkeleton />; // signed out: SessionGuard opens sign-in, then comes back here
  if (!appointmentId) return null;
  if (prep.error instanceof ApiError && prep.error.status === 404)
    return (
      <EmptyState
        title={t('prepare.notFound.title')}
        hint={t('prepare.notFound.hint')}
        action={
          <Button component={Link} to="/my-care" size="lg">
            {t('prepare.toMyCare')}
          </Button>
        }
      />
    );
  return (
    <Stack gap="lg" maw={560} mx="auto" fz="lg">
      <Anchor component={Link} to={`/my-care/appointments/${appointmentId}`} size="md">
        ← {t('prepare.back')}
      </Anchor>
      <Title order={1} size="h2">
        {t('prepare.title')}
      </Title>
      {prep.data ? (
        <Text fw={600}>{t('prepare.when', { date: appointmentDate(prep.data.startsAt, currentLanguage(), prep.data.timeZone), name: prep.data.dermatologist.name })}</Text>
      ) : (
        <Skeleton h={24} />
      )}
      <PatientPrevisit appointmentId={appointmentId} withTitle={false} />
    </Stack>
  );
}
