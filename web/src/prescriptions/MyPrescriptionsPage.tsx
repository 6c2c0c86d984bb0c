// /my-care/prescriptions: every prescription the patient has received, newest first.
import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { isSignedIn, useSession } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { fetchMyPrescriptions, prescriptionKeys } from './api.ts';
import { PrescriptionCard } from './PatientPrescriptions.tsx';

export function MyPrescriptionsPage() {
  const { t } = useTranslation('prescriptions');
  const { data: session, isPending } = useSession();
  const signedIn = isSignedIn(session);
  const list = useQuery({ queryKey: prescriptionKeys.mine, queryFn: fetchMyPrescriptions, enabled: signedIn && session.role === 'patient' });
  if (isPending) return <PageSkeleton />;
  if (!signedIn) return <PageSkeleton />; // signed out: SessionGuard opens sign-in, then comes back here
  return (
    <Stack gap="lg" maw={560} fz="lg">
      <Title order={1} size="h2">
        {t('patient.title')}
      </Title>
      <Text fz="lg">{t('patient.lead')}</Text>
      {list.isPending && <PageSkeleton />}
      <ErrorNotice error={list.error} />
      {list.data && list.data.prescriptions.length === 0 && <EmptyState title={t('patient.emptyTitle')} hint={t('patient.emptyHint')} />}
      {list.data?.prescriptions.map((p) => <PrescriptionCard key={p.id} prescription={p} />)}
    </Stack>
  );
}
