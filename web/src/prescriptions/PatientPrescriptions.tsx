// The patient's prescriptions, phone-first and in plain words: what to use,
// how, for how long, how much the pharmacy gives, whether it can be renewed,
// whether it has been collected, and the PDF to show at the pharmacy.
// `PatientPrescriptions({ appointmentId })` for one visit; `PrescriptionCard`
// also serves the page of all their prescriptions.
import { Badge, Button, Card, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Prescription } from '../../../contracts/prescriptions/index.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { fetchAppointmentPrescriptions, pdfUrl, prescriptionKeys } from './api.ts';
import { longDate, plainSentences } from './describe.ts';

export function PatientPrescriptions({ appointmentId }: { appointmentId: string }) {
  const { t } = useTranslation('prescriptions');
  const list = useQuery({ queryKey: prescriptionKeys.appointment(appointmentId), queryFn: () => fetchAppointmentPrescriptions(appointmentId) });
  return (
    <Stack gap="md" component="section" aria-labelledby={`rx-${appointmentId}`}>
      <Title order={2} size="h3" id={`rx-${appointmentId}`}>
        {t('patient.forVisit')}
      </Title>
      {list.isPending && <Skeleton height={160} radius="md" />}
      <ErrorNotice error={list.error} />
      {list.data && list.data.prescriptions.length === 0 && <Text fz="lg">{t('patient.noneForVisit')}</Text>}
      {list.data?.prescriptions.map((p) => <PrescriptionCard key={p.id} prescription={p} />)}
    </Stack>
  );
}

export function PrescriptionCard({ prescription }: { prescription: Prescription }) {
  const { t } = useTranslation('prescriptions');
  const lang = currentLanguage();
  const titleId = `prescription-${prescription.id}`;
  return (
    <Card component="article" withBorder radius="md" padding="lg" aria-labelledby={titleId}>
      <Stack gap="md">
        <Title order={3} size="h4" id={titleId}>
          {t('patient.cardTitle', { name: prescription.prescriber.name, date: longDate(prescription.issuedAt, lang) })}
        </Title>
        <Badge size="lg" variant="dot" tt="none" color={prescription.dispensedAt ? 'green' : 'blue'} style={{ alignSelf: 'flex-start' }}>
          {prescription.dispensedAt ? t('patient.collectedOn', { date: longDate(prescription.dispensedAt, lang) }) : t('patient.notCollected')}
        </Badge>
        <Stack component="ul" gap="md" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('patient.itemsLabel')}>
          {prescription.items.map((item) => (
            <li key={item.productCode}>
              <Text fz="lg" fw={700}>
                {item.name[lang]}
                {item.strength && item.strength !== '—' ? ` ${item.strength}` : ''}
              </Text>
              <Text fz="lg">{t('plain.how', { dosage: item.dosage })}</Text>
              {plainSentences(item, t).map((sentence) => (
                <Text key={sentence} fz="lg">
                  {sentence}
                </Text>
              ))}
            </li>
          ))}
        </Stack>
        <Text size="md" c="dimmed">
          {t('patient.showAtPharmacy')}
        </Text>
        <Button component="a" href={pdfUrl(prescription.id, lang)} download size="lg" fullWidth>
          {t('actions.downloadPdf')}
        </Button>
      </Stack>
    </Card>
  );
}
