// /my-care/appointments: the patient's video appointments (next first), the
// referrals still to book, and what comes next. Plain words, phone first.
import { Badge, Button, Card, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AppointmentSummary, BookingReferral } from '../../../contracts/appointments/index.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { isSignedIn, useSession } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { appointmentKeys, fetchMyAppointments } from './api.ts';
import { cityOf, fullWhen } from './format.ts';

export function MyAppointmentsPage() {
  const { t } = useTranslation('appointments');
  const { data: session, isPending } = useSession();
  const signedIn = isSignedIn(session);
  const mine = useQuery({ queryKey: appointmentKeys.mine, queryFn: fetchMyAppointments, enabled: signedIn });
  if (isPending) return <PageSkeleton />;
  if (!signedIn) return <PageSkeleton />; // signed out: SessionGuard opens sign-in, then comes back here
  const data = mine.data;
  return (
    <Stack maw={560} gap="xl" fz="lg">
      <Title order={1} size="h2">
        {t('mine.title')}
      </Title>
      <ErrorNotice error={mine.error} />
      {mine.isPending && <Skeleton height={160} radius="md" />}
      {data && data.referrals.length > 0 && (
        <Stack gap="md" component="section" aria-labelledby="to-book">
          <Title order={2} size="h3" id="to-book">
            {t('mine.toBook')}
          </Title>
          {data.referrals.map((r) => (
            <ReferralCard key={r.id} referral={r} />
          ))}
        </Stack>
      )}
      {data && (
        <Stack gap="md" component="section" aria-labelledby="upcoming">
          <Title order={2} size="h3" id="upcoming">
            {t('mine.upcoming')}
          </Title>
          {data.upcoming.length === 0 && <EmptyState title={t('mine.emptyTitle')} hint={data.referrals.length > 0 ? t('mine.emptyHintBook') : t('mine.emptyHint')} />}
          {data.upcoming.map((a, i) => (
            <AppointmentCard key={a.id} appointment={a} next={i === 0} />
          ))}
        </Stack>
      )}
      {data && data.past.length > 0 && (
        <Stack gap="md" component="section" aria-labelledby="past">
          <Title order={2} size="h3" id="past">
            {t('mine.past')}
          </Title>
          {data.past.map((a) => (
            <AppointmentCard key={a.id} appointment={a} next={false} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

export function ReferralCard({ referral }: { referral: BookingReferral }) {
  const { t } = useTranslation('appointments');
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        <Text fz="lg" fw={600}>
          {t('mine.referralFrom', { who: referral.referringName })}
        </Text>
        <Text fz="md">{t('mine.referralHint')}</Text>
        <Button component={Link} to={`/my-care/book/${referral.id}`} size="lg" fullWidth>
          {t('mine.bookVideo')}
        </Button>
      </Stack>
    </Card>
  );
}

function AppointmentCard({ appointment, next }: { appointment: AppointmentSummary; next: boolean }) {
  const { t } = useTranslation('appointments');
  const lang = currentLanguage();
  const titleId = `appt-${appointment.id}`;
  return (
    <Card component="article" withBorder radius="md" padding="lg" aria-labelledby={titleId}>
      <Stack gap="sm">
        {next && (
          <Badge size="lg" variant="light" color="blue.9" tt="none">
            {t('mine.next')}
          </Badge>
        )}
        <Title order={3} size="h4" id={titleId}>
          {fullWhen(appointment.startsAt, appointment.timeZone, lang)}
        </Title>
        <Text size="sm" c="dimmed">
          {t('slots.zone', { city: cityOf(appointment.timeZone) })}
        </Text>
        <Text fz="md">{t('mine.with', { name: appointment.dermatologist.name })}</Text>
        {appointment.status !== 'booked' && <Text fz="md">{t(`status.${appointment.status}`)}</Text>}
        {next && <Text fz="md">{appointment.questionnaireSubmittedAt ? t('mine.nextStepReady') : t('mine.nextStepPrepare')}</Text>}
        <Button component={Link} to={`/my-care/appointments/${appointment.id}`} size="lg" variant={next ? 'filled' : 'outline'} fullWidth>
          {t('mine.open')}
        </Button>
      </Stack>
    </Card>
  );
}
