// The patient books a video appointment from their referral: /book/<token>
// (the emailed link) or /my-care/book/<referralId> (from "my care"), after
// signing in if needed (the link leads back here). Phone first: the free
// times by day, one tap to choose, the confirm button at the bottom. Someone
// faster took the time? Say so and offer the next ones.
import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import type { BookingReferral, Slot } from '../../../contracts/appointments/index.ts';
import { ApiError } from '../api/client.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { isSignedIn, useSession } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { appointmentKeys, bookAppointment, fetchMyAppointments, fetchReferralByToken, fetchReferralSlots } from './api.ts';
import { cityOf, fullWhen, withinNotice } from './format.ts';
import { SlotPicker, TakenNotice } from './SlotPicker.tsx';

export function BookPage() {
  const { t } = useTranslation('appointments');
  const { referralToken, referralId } = useParams();
  const { data: session, isPending } = useSession();
  const signedIn = isSignedIn(session);
  const isPatient = signedIn && session.role === 'patient';
  // Set by a booking made here: wins over the redirect of an already booked referral, which
  // the refetch after booking would otherwise render first, without the confirmation.
  const [bookedHere, setBookedHere] = useState<string | null>(null);
  const byToken = useQuery({
    queryKey: appointmentKeys.referralByToken(referralToken ?? ''),
    queryFn: () => fetchReferralByToken(referralToken!),
    enabled: isPatient && !!referralToken,
    retry: false,
  });
  const mine = useQuery({ queryKey: appointmentKeys.mine, queryFn: fetchMyAppointments, enabled: isPatient && !!referralId });
  // Signed out (the emailed link opened first): SessionGuard opens the patient sign-in, then comes back here.
  if (isPending || !signedIn) return <PageSkeleton />;
  if (!isPatient) {
    return (
      <Alert color="blue.9" variant="light" title={t('book.forPatientTitle')} maw={560}>
        {t('book.forPatient')}
      </Alert>
    );
  }
  if (bookedHere) return <Navigate to={`/my-care/appointments/${bookedHere}`} state={{ justBooked: true }} />;
  const referral: BookingReferral | undefined = referralToken ? byToken.data : mine.data?.referrals.find((r) => r.id === referralId);
  const loading = referralToken ? byToken.isPending : mine.isPending;
  if (loading) return <PageSkeleton />;
  if (!referral) {
    return (
      <Stack maw={560} gap="md">
        <Title order={1} size="h2">
          {t('book.title')}
        </Title>
        <Alert color="red.9" variant="light" role="alert" title={t('book.notFoundTitle')}>
          {t('book.notFound')}
        </Alert>
        <Button component={Link} to="/my-care/appointments" size="lg" fullWidth>
          {t('book.toMyAppointments')}
        </Button>
      </Stack>
    );
  }
  if (referral.status === 'booked' && referral.appointmentId) return <Navigate to={`/my-care/appointments/${referral.appointmentId}`} replace />;
  return <BookFromReferral referral={referral} onBooked={setBookedHere} />;
}

function BookFromReferral({ referral, onBooked }: { referral: BookingReferral; onBooked: (appointmentId: string) => void }) {
  const { t } = useTranslation('appointments');
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<Slot | null>(null);
  const [taken, setTaken] = useState<Slot[] | null>(null);
  const slots = useQuery({ queryKey: appointmentKeys.referralSlots(referral.id), queryFn: () => fetchReferralSlots(referral.id) });
  const book = useMutation({
    mutationFn: (slot: Slot) => bookAppointment({ referralId: referral.id, startsAt: slot.startsAt, dermatologistId: slot.dermatologistId }),
    onSuccess: async (appointment) => {
      onBooked(appointment.id);
      await queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
    },
    onError: async (error) => {
      if (error instanceof ApiError && ['slot_taken', 'slot_unavailable', 'slot_in_past'].includes(error.code)) {
        setTaken((error.problem as { nextSlots?: Slot[] } | null)?.nextSlots ?? []);
        setSelected(null);
        await queryClient.invalidateQueries({ queryKey: appointmentKeys.referralSlots(referral.id) });
      }
    },
  });
  const choose = (slot: Slot) => {
    setSelected(slot);
    book.reset();
  };
  const otherError = book.error instanceof ApiError && ['slot_taken', 'slot_unavailable', 'slot_in_past'].includes(book.error.code) ? null : book.error;
  return (
    <Stack maw={560} gap="lg" pb={120} fz="lg">
      <Stack gap="xs">
        <Title order={1} size="h2">
          {t('book.title')}
        </Title>
        <Text fz="lg">{t('book.lead', { who: referral.referringName })}</Text>
        <Text fz="md" c="dimmed">
          {referral.dermatologistName ? t('book.withDoctor', { name: referral.dermatologistName, service: referral.serviceName }) : t('book.withService', { service: referral.serviceName })}
        </Text>
      </Stack>
      {taken && <TakenNotice nextSlots={taken} onSelect={choose} />}
      <Stack gap="sm" component="section" aria-labelledby="choose-time">
        <Title order={2} size="h3" id="choose-time">
          {t('book.chooseTime')}
        </Title>
        <ErrorNotice error={slots.error} />
        <SlotPicker slots={slots.data?.slots} loading={slots.isPending} selected={selected} onSelect={choose} headingLevel={3} showDermatologist={!referral.dermatologistId} />
      </Stack>
      <Paper pos="fixed" bottom={0} left={0} right={0} p="md" shadow="md" withBorder style={{ zIndex: 10 }}>
        <Stack gap="xs" maw={560} mx="auto">
          <ErrorNotice error={otherError} />
          <Text fz="md" aria-live="polite">
            {selected ? t('book.selected', { when: fullWhen(selected.startsAt, selected.timeZone, lang), city: cityOf(selected.timeZone) }) : t('book.nothingSelected')}
            {selected && withinNotice(selected.startsAt, referral.noticeHours) && (
              <>
                {' '}
                <Text span fz="md" fw={600} c="orange.9" data-testid="within-notice">
                  {t('book.withinNotice', { count: referral.noticeHours })}
                </Text>
              </>
            )}
          </Text>
          <Button size="lg" fullWidth disabled={!selected} loading={book.isPending} onClick={() => selected && book.mutate(selected)}>
            {t('book.confirm')}
          </Button>
        </Stack>
      </Paper>
    </Stack>
  );
}
