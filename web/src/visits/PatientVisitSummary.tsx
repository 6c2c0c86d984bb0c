// What the patient reads about one video visit, in plain words: the skin
// specialist's summary once the visit is done, or where things stand. Embeddable
// (the booking feature's appointment page) and used by the summary page.
import { Alert, Card, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { fetchPatientVisitSummary, visitKeys } from './api.ts';

const spoken = (iso: string, lang: string, timeZone: string) =>
  new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(iso));

export function PatientVisitSummary({ appointmentId }: { appointmentId: string }) {
  const { t } = useTranslation('visits');
  const lang = currentLanguage();
  const summary = useQuery({ queryKey: visitKeys.summary(appointmentId), queryFn: () => fetchPatientVisitSummary(appointmentId) });
  if (summary.isPending) return <Skeleton height={140} radius="md" />;
  if (summary.error) return <ErrorNotice error={summary.error} />;
  const s = summary.data;
  const when = spoken(s.startsAt, lang, s.timeZone);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={`visit-summary-${s.appointmentId}`}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={`visit-summary-${s.appointmentId}`}>
          {t('patient.cardTitle', { when })}
        </Title>
        {s.status === 'completed' && s.summary && (
          <>
            <Text fz="lg">{t('patient.completedIntro', { name: s.dermatologistName })}</Text>
            <Alert variant="light" color="blue" title={t('patient.summaryTitle')}>
              <Text fz="lg" style={{ whiteSpace: 'pre-wrap' }}>
                {s.summary}
              </Text>
            </Alert>
            <Text fz="lg">{t('patient.next')}</Text>
          </>
        )}
        {s.status === 'upcoming' && <Text fz="lg">{t('patient.upcoming', { name: s.dermatologistName })}</Text>}
        {s.status === 'no_show' && <Text fz="lg">{t('patient.noShow')}</Text>}
        {s.status === 'cancelled' && <Text fz="lg">{t('patient.cancelled')}</Text>}
      </Stack>
    </Card>
  );
}
