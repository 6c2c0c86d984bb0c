// Cancelling or moving an appointment from a clinician's screen (the
// dermatologist's agenda, the GP's list; the appointment page may embed it):
// loads the appointment to know what the caller may still do (the notice).
import { Alert, Button, Modal, Skeleton, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { appointmentKeys, cancelAppointment, fetchAppointment } from './api.ts';
import { fullWhen } from './format.ts';
import { MoveModal } from './MyAppointmentPage.tsx';

export function ChangeAppointmentButton({ appointmentId, label }: { appointmentId: string; label: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="subtle" size="compact-md" mih={36} onClick={() => setOpen(true)}>
        {label}
      </Button>
      {open && <ChangeAppointmentModal appointmentId={appointmentId} onClose={() => setOpen(false)} />}
    </>
  );
}

export function ChangeAppointmentModal({ appointmentId, onClose }: { appointmentId: string; onClose: () => void }) {
  const { t } = useTranslation('appointments');
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const [moving, setMoving] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const appointment = useQuery({ queryKey: appointmentKeys.one(appointmentId), queryFn: () => fetchAppointment(appointmentId) });
  const cancel = useMutation({
    mutationFn: () => cancelAppointment(appointmentId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
      onClose();
    },
  });
  const a = appointment.data;
  if (moving && a) return <MoveModal appointment={a} onClose={onClose} onMoved={() => undefined} />;
  return (
    <Modal opened onClose={onClose} title={t('change.title')} centered transitionProps={{ duration: 0 }} closeButtonProps={{ 'aria-label': t('detail.close') }}>
      <Stack gap="md">
        {appointment.isPending && <Skeleton height={80} />}
        <ErrorNotice error={appointment.error} />
        {a && (
          <>
            <Text fw={600}>
              {a.patient ? `${a.patient.displayName} · ` : ''}
              {fullWhen(a.startsAt, a.timeZone, lang)}
            </Text>
            {!a.canCancel && !a.canReschedule && (
              <Alert color="gray.9" variant="light">
                {a.status === 'booked' ? t('change.tooLate', { hours: a.noticeHours }) : t(`status.${a.status}`)}
              </Alert>
            )}
            {a.changeableUntil && (a.canCancel || a.canReschedule) && <Text size="sm">{t('detail.changeUntil', { time: fullWhen(a.changeableUntil, a.timeZone, lang) })}</Text>}
            {a.canReschedule && (
              <Button variant="outline" onClick={() => setMoving(true)}>
                {t('detail.move')}
              </Button>
            )}
            {a.canCancel && !confirmCancel && (
              <Button variant="outline" color="red.9" onClick={() => setConfirmCancel(true)}>
                {t('detail.cancel')}
              </Button>
            )}
            {confirmCancel && (
              <Stack gap="xs">
                <Text>{t('change.cancelText')}</Text>
                <ErrorNotice error={cancel.error} />
                <Button color="red.9" loading={cancel.isPending} onClick={() => cancel.mutate()}>
                  {t('detail.cancelConfirm')}
                </Button>
              </Stack>
            )}
          </>
        )}
        <Button variant="default" onClick={onClose}>
          {t('detail.close')}
        </Button>
      </Stack>
    </Modal>
  );
}
