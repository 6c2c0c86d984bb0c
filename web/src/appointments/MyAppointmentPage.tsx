// /my-care/appointments/:appointmentId: one appointment for the patient. When
// (in their language, with the clinic's city), who, "Prepare your visit", the
// video button from 10 minutes before, and moving or cancelling within the notice.
import { Alert, Button, Card, Modal, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { Appointment, Slot } from '../../../contracts/appointments/index.ts';
import { ApiError } from '../api/client.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { isSignedIn, useSession } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { PatientPrevisit } from '../previsit/PatientPrevisit.tsx';
import { appointmentKeys, cancelAppointment, fetchAppointment, fetchSlots, rescheduleAppointment } from './api.ts';
import { cityOf, fullWhen } from './format.ts';
import { SlotPicker, TakenNotice } from './SlotPicker.tsx';

/** Re-renders every 30 s so that the video button appears on time. */
function useNow(intervalMs = 30_000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}

export function MyAppointmentPage() {
  const { t } = useTranslation('appointments');
  const { appointmentId = '' } = useParams();
  const location = useLocation();
  const { data: session, isPending } = useSession();
  const signedIn = isSignedIn(session);
  const appointment = useQuery({ queryKey: appointmentKeys.one(appointmentId), queryFn: () => fetchAppointment(appointmentId), enabled: signedIn });
  if (isPending) return <PageSkeleton />;
  if (!signedIn) return <PageSkeleton />; // signed out: SessionGuard opens sign-in, then comes back here
  return (
    <Stack maw={560} gap="xl" fz="lg">
      <Button component={Link} to="/my-care/appointments" variant="subtle" size="md" px={0} style={{ alignSelf: 'flex-start' }}>
        {t('detail.back')}
      </Button>
      {appointment.isPending && <Skeleton height={200} radius="md" />}
      <ErrorNotice error={appointment.error} />
      {appointment.data && <Detail appointment={appointment.data} justBooked={(location.state as { justBooked?: boolean } | null)?.justBooked === true} />}
    </Stack>
  );
}

function Detail({ appointment, justBooked }: { appointment: Appointment; justBooked: boolean }) {
  const { t } = useTranslation('appointments');
  const lang = currentLanguage();
  const now = useNow();
  const [moving, setMoving] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const live = appointment.status === 'booked' && new Date(appointment.endsAt).getTime() > now;
  const videoOpen = live && new Date(appointment.videoOpensAt).getTime() <= now;
  return (
    <Stack gap="xl">
      {justBooked && live && (
        <Alert color="teal" variant="light" role="status" title={t('detail.bookedTitle')}>
          {t('detail.bookedHint')}
        </Alert>
      )}
      <Stack gap="xs">
        <Title order={1} size="h2">
          {t('detail.title')}
        </Title>
        <Text fz="xl" fw={600}>
          {fullWhen(appointment.startsAt, appointment.timeZone, lang)}
        </Text>
        <Text size="sm" c="dimmed">
          {t('slots.zone', { city: cityOf(appointment.timeZone) })}
        </Text>
        <Text fz="lg">{t('mine.with', { name: appointment.dermatologist.name })}</Text>
        {appointment.status !== 'booked' && (
          <Alert color="gray.9" variant="light">
            {t(`status.${appointment.status}`)}
          </Alert>
        )}
      </Stack>
      {live && (
        <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="video-title">
          <Stack gap="sm">
            <Title order={2} size="h3" id="video-title">
              {t('detail.videoTitle')}
            </Title>
            {videoOpen ? (
              <Button component={Link} to={`/my-care/appointments/${appointment.id}/video`} size="lg" fullWidth color="green.8">
                {t('detail.join')}
              </Button>
            ) : (
              <Text fz="md">{t('detail.videoLater', { time: fullWhen(appointment.videoOpensAt, appointment.timeZone, lang) })}</Text>
            )}
          </Stack>
        </Card>
      )}
      {/* "Prepare your visit": questionnaire and photos (web/src/previsit), with its own heading. */}
      {live && <PatientPrevisit appointmentId={appointment.id} />}
      {live && (
        <Stack component="section" gap="sm" aria-labelledby="change-title">
          <Title order={2} size="h3" id="change-title">
            {t('detail.changeTitle')}
          </Title>
          {appointment.canReschedule || appointment.canCancel ? (
            <>
              <Text fz="md">{t('detail.changeUntil', { time: fullWhen(appointment.changeableUntil ?? appointment.startsAt, appointment.timeZone, lang) })}</Text>
              {appointment.canReschedule && (
                <Button size="lg" variant="outline" fullWidth onClick={() => setMoving(true)}>
                  {t('detail.move')}
                </Button>
              )}
              {appointment.canCancel && (
                <Button size="lg" variant="outline" color="red.9" fullWidth onClick={() => setCancelling(true)}>
                  {t('detail.cancel')}
                </Button>
              )}
            </>
          ) : (
            <Text fz="md">{t('detail.tooLate', { hours: appointment.noticeHours })}</Text>
          )}
        </Stack>
      )}
      {moving && <MoveModal appointment={appointment} onClose={() => setMoving(false)} />}
      <CancelModal appointment={appointment} opened={cancelling} onClose={() => setCancelling(false)} />
    </Stack>
  );
}

function CancelModal({ appointment, opened, onClose }: { appointment: Appointment; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('appointments');
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => cancelAppointment(appointment.id),
    onSuccess: async (updated) => {
      queryClient.setQueryData(appointmentKeys.one(appointment.id), updated);
      await queryClient.invalidateQueries({ queryKey: appointmentKeys.mine });
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('detail.cancelTitle')} centered transitionProps={{ duration: 0 }} closeButtonProps={{ 'aria-label': t('detail.close') }}>
      <Stack gap="md">
        <Text fz="lg">{t('detail.cancelText')}</Text>
        <ErrorNotice error={cancel.error} />
        <Button color="red.9" size="lg" fullWidth loading={cancel.isPending} onClick={() => cancel.mutate()}>
          {t('detail.cancelConfirm')}
        </Button>
        <Button variant="default" size="lg" fullWidth onClick={onClose}>
          {t('detail.keep')}
        </Button>
      </Stack>
    </Modal>
  );
}

/** Moving keeps the same dermatologist: the patient picks another of their free times. */
export function MoveModal({ appointment, onClose, onMoved }: { appointment: Appointment; onClose: () => void; onMoved?: (moved: Appointment) => void }) {
  const { t } = useTranslation('appointments');
  const lang = currentLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<Slot | null>(null);
  const [taken, setTaken] = useState<Slot[] | null>(null);
  const slots = useQuery({ queryKey: appointmentKeys.slots(appointment.service.id, appointment.dermatologist.id), queryFn: () => fetchSlots(appointment.service.id, appointment.dermatologist.id) });
  const move = useMutation({
    mutationFn: (slot: Slot) => rescheduleAppointment(appointment.id, { startsAt: slot.startsAt, dermatologistId: slot.dermatologistId }),
    onSuccess: async (moved) => {
      await queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
      onClose();
      if (onMoved) onMoved(moved);
      else void navigate(`/my-care/appointments/${moved.id}`, { replace: true });
    },
    onError: async (error) => {
      if (error instanceof ApiError && ['slot_taken', 'slot_unavailable', 'slot_in_past'].includes(error.code)) {
        setTaken((error.problem as { nextSlots?: Slot[] } | null)?.nextSlots ?? []);
        setSelected(null);
        await slots.refetch();
      }
    },
  });
  const otherError = move.error instanceof ApiError && ['slot_taken', 'slot_unavailable', 'slot_in_past'].includes(move.error.code) ? null : move.error;
  return (
    <Modal opened onClose={onClose} title={t('detail.moveTitle')} fullScreen transitionProps={{ duration: 0 }} closeButtonProps={{ 'aria-label': t('detail.close') }}>
      <Stack gap="md" maw={560} mx="auto">
        <Text fz="md">{t('detail.moveHint', { when: fullWhen(appointment.startsAt, appointment.timeZone, lang) })}</Text>
        {taken && <TakenNotice nextSlots={taken} onSelect={setSelected} />}
        <SlotPicker slots={slots.data?.slots.filter((s) => s.startsAt !== appointment.startsAt)} loading={slots.isPending} selected={selected} onSelect={setSelected} headingLevel={2} />
        <ErrorNotice error={otherError} />
        <Button size="lg" fullWidth disabled={!selected} loading={move.isPending} onClick={() => selected && move.mutate(selected)}>
          {selected ? t('detail.moveConfirm', { when: fullWhen(selected.startsAt, selected.timeZone, lang) }) : t('detail.moveChoose')}
        </Button>
      </Stack>
    </Modal>
  );
}
