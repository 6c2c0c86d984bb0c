// /my-care/appointments/:appointmentId/summary: the patient's page after a
// video visit (phone): the plain-language summary, then the prescription
// (prescriptions feature), and one way back.
import { Button, Skeleton, Stack, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isSignedIn, useSession } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { PatientVisitSummary } from './PatientVisitSummary.tsx';

const PatientPrescriptions = lazy(async () => ({ default: (await import('../prescriptions/PatientPrescriptions.tsx')).PatientPrescriptions }));

export function PatientVisitSummaryPage() {
  const { t } = useTranslation('visits');
  const { appointmentId = '' } = useParams();
  const { data: session, isPending } = useSession();
  if (isPending) return <PageSkeleton />;
  if (!isSignedIn(session)) return <PageSkeleton />; // signed out: SessionGuard opens sign-in, then comes back here
  return (
    <Stack gap="lg" maw={560} fz="lg">
      <Title order={1} size="h2">
        {t('patient.pageTitle')}
      </Title>
      <PatientVisitSummary appointmentId={appointmentId} />
      <Suspense fallback={<Skeleton height={120} radius="md" />}>
        <PatientPrescriptions appointmentId={appointmentId} />
      </Suspense>
      <Button component={Link} to="/my-care" variant="outline" size="lg" fullWidth>
        {t('patient.back')}
      </Button>
    </Stack>
  );
}
