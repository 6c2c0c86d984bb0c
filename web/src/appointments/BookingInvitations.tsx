// On the patient's home (/my-care): "Book your video appointment" for each
// referral still to book, and the next appointment. Renders nothing otherwise.
import { Button, Card, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../i18n/index.ts';
import { appointmentKeys, fetchMyAppointments } from './api.ts';
import { fullWhen } from './format.ts';
import { ReferralCard } from './MyAppointmentsPage.tsx';

export function BookingInvitations() {
  const { t } = useTranslation('appointments');
  const lang = currentLanguage();
  const mine = useQuery({ queryKey: appointmentKeys.mine, queryFn: fetchMyAppointments });
  const next = mine.data?.upcoming[0];
  if (!mine.data || (mine.data.referrals.length === 0 && !next)) return null;
  return (
    <Stack component="section" gap="md" aria-labelledby="my-video">
      <Title order={2} size="h3" id="my-video">
        {t('mine.sectionTitle')}
      </Title>
      {mine.data.referrals.map((r) => (
        <ReferralCard key={r.id} referral={r} />
      ))}
      {next && (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Text fz="lg" fw={600}>
              {t('mine.nextOn', { when: fullWhen(next.startsAt, next.timeZone, lang) })}
            </Text>
            <Button component={Link} to={`/my-care/appointments/${next.id}`} size="lg" fullWidth>
              {t('mine.open')}
            </Button>
          </Stack>
        </Card>
      )}
      <Button component={Link} to="/my-care/appointments" variant="subtle" size="md">
        {t('mine.all')}
      </Button>
    </Stack>
  );
}
