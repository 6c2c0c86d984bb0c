// /appointments/:appointmentId/prescription: the prescription editor on a page
// of its own (the visit page embeds the same editor).
import { Anchor, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PrescriptionEditor } from './PrescriptionEditor.tsx';

export function AppointmentPrescriptionPage() {
  const { t } = useTranslation('prescriptions');
  const { appointmentId = '' } = useParams();
  return (
    <Stack gap="lg" maw={960}>
      <Anchor component={Link} to={`/appointments/${appointmentId}/visit`} size="sm">
        {t('editor.backToVisit')}
      </Anchor>
      <Title order={1} size="h2">
        {t('editor.pageTitle')}
      </Title>
      <PrescriptionEditor appointmentId={appointmentId} />
    </Stack>
  );
}
