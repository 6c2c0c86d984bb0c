// The "My care" page's video visits: each closed visit in one plain sentence,
// with the way to its summary and prescription. Shows nothing until there is a visit.
import { Button, Card, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { fetchMyVisits, visitKeys } from './api.ts';

export function MyVisits() {
  const { t } = useTranslation('visits');
  const lang = currentLanguage();
  const visits = useQuery({ queryKey: visitKeys.mine, queryFn: fetchMyVisits });
  if (visits.error) return <ErrorNotice error={visits.error} />;
  if (!visits.data?.items.length) return null;
  const day = (iso: string, timeZone: string) => new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'long', timeZone }).format(new Date(iso));
  return (
    <Stack component="section" gap="md" aria-labelledby="my-visits">
      <Title order={2} size="h3" id="my-visits">
        {t('patient.listTitle')}
      </Title>
      {visits.data.items.map((v) => (
        <Card key={v.appointmentId} withBorder radius="md" padding="lg" component="article">
          <Stack gap="sm">
            <Text fz="lg">
              {v.status === 'completed' ? t('patient.listCompleted', { date: day(v.startsAt, v.timeZone), name: v.dermatologistName }) : t('patient.listNoShow', { date: day(v.startsAt, v.timeZone) })}
            </Text>
            {v.status === 'completed' && (
              <Button component={Link} to={`/my-care/appointments/${v.appointmentId}/summary`} size="lg" fullWidth>
                {t('patient.read')}
              </Button>
            )}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
