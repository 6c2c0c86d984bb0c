// On the GP's case page: the video appointment that follows the case, if any
// (booked, or a booking link waiting for the patient), and a way to book one.
import { Anchor, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { appointmentKeys, fetchCaseReferrals } from './api.ts';

export function CaseBookingLink({ caseId, patientId, suggested }: { caseId: string; patientId: string; suggested: boolean }) {
  const { t } = useTranslation('appointments');
  const referrals = useQuery({ queryKey: appointmentKeys.caseReferrals(caseId), queryFn: () => fetchCaseReferrals(caseId) });
  const referral = referrals.data?.referrals[0];
  if (!referral && !suggested) return null;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={`video-${caseId}`}>
      <Stack gap="xs">
        <Title order={2} size="h4" id={`video-${caseId}`}>
          {t('caseLink.title')}
        </Title>
        {referral?.status === 'booked' && referral.appointmentId ? (
          <>
            <Text>{t('caseLink.booked')}</Text>
            <Anchor component={Link} to={`/appointments/${referral.appointmentId}`}>
              {t('caseLink.open')}
            </Anchor>
          </>
        ) : referral?.status === 'open' ? (
          <>
            <Text>{t('caseLink.waiting')}</Text>
            <Button component={Link} to={`/teleconsultations/new?patientId=${patientId}&caseId=${caseId}`} variant="outline" size="md" mih={44}>
              {t('caseLink.bookForPatient')}
            </Button>
          </>
        ) : (
          <>
            <Text>{t('caseLink.suggested')}</Text>
            <Button component={Link} to={`/teleconsultations/new?patientId=${patientId}&caseId=${caseId}`} size="md" mih={44}>
              {t('caseLink.book')}
            </Button>
          </>
        )}
      </Stack>
    </Paper>
  );
}
