// /my-care/payments: the patient's amounts to pay (PatientPayments), on a phone.
import { Anchor, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isSignedIn, useSession } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { PatientPayments } from './PatientPayments.tsx';

export function PatientPaymentsPage() {
  const { t } = useTranslation('billing');
  const { data: session, isPending } = useSession();
  const [params] = useSearchParams();
  if (isPending) return <PageSkeleton />;
  if (!isSignedIn(session)) return <PageSkeleton />; // signed out: SessionGuard opens sign-in, then comes back here
  const result = params.get('checkout');
  return (
    <Stack gap="lg" maw={560} fz="lg">
      <Title order={1} size="h2">
        {t('patient.pageTitle')}
      </Title>
      <PatientPayments checkoutResult={result === 'success' || result === 'cancelled' ? result : null} />
      <Anchor component={Link} to="/my-care" size="lg">
        {t('patient.back')}
      </Anchor>
    </Stack>
  );
}
