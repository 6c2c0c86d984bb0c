// /appointments/:appointmentId/report: the referring GP's view of the visit
// report (phone first, one column): the outcome in one line at the top, then
// diagnosis, plan, prescriptions, what the patient was told, the notes, and the
// PDF for the GP's own record at the bottom, within thumb reach.
import { Alert, Button, Card, Divider, List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { fetchVisitReport, formatVisitTime, visitKeys, visitReportPdfUrl, type VisitReport } from './api.ts';

export function VisitReportPage() {
  const { appointmentId = '' } = useParams();
  const report = useQuery({ queryKey: visitKeys.report(appointmentId), queryFn: () => fetchVisitReport(appointmentId), retry: false });
  if (report.isPending) return <PageSkeleton />;
  if (report.error) return <ErrorNotice error={report.error} />;
  return <ReportView report={report.data} />;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={4} component="section">
      <Title order={2} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function ReportView({ report }: { report: VisitReport }) {
  const { t } = useTranslation('visits');
  const lang = currentLanguage();
  const when = formatVisitTime(report.startsAt, lang, report.timeZone);
  const completed = report.outcome === 'completed';
  const pre = { style: { whiteSpace: 'pre-wrap' as const } };
  return (
    <Stack gap="lg" maw={640} fz="md">
      <Title order={1} size="h2">
        {t('report.title')}
      </Title>
      <Alert color={completed ? 'blue' : 'orange'} variant="light" role="status">
        <Text fw={700} fz="lg">
          {completed ? t('report.outcomeCompleted', { diagnosis: report.diagnosis }) : t('report.outcomeNoShow')}
        </Text>
      </Alert>
      <Card withBorder padding="md">
        <Stack gap={4}>
          <Text fw={700}>{t('report.patientLine', { name: report.patient.name, age: report.patient.age, sex: t(`sex.${report.patient.sex}`) })}</Text>
          <Text size="sm">{t('report.seenBy', { name: report.dermatologist.name, service: report.service, when })}</Text>
          <Text size="sm" c="dimmed">
            {t(report.coordinated ? 'facts.coordinated' : 'facts.direct')}
          </Text>
        </Stack>
      </Card>
      {completed && (
        <>
          <Section title={t('form.diagnosis')}>
            <Text {...pre}>{report.icd10 ? `${report.diagnosis} (ICD-10 ${report.icd10.code})` : report.diagnosis}</Text>
          </Section>
          <Section title={t('form.plan')}>
            <Text {...pre}>{report.plan}</Text>
          </Section>
          <Section title={t('report.prescriptions')}>
            {report.prescriptions.length === 0 ? (
              <Text c="dimmed">{t('report.noPrescription')}</Text>
            ) : (
              report.prescriptions.map((p) => (
                <List key={p.id} spacing={4}>
                  {p.lines.map((line, i) => (
                    <List.Item key={i}>{line}</List.Item>
                  ))}
                </List>
              ))
            )}
          </Section>
          <Section title={t('report.toldPatient')}>
            <Text {...pre}>{report.patientSummary}</Text>
          </Section>
        </>
      )}
      {report.notes && (
        <Section title={t('form.notes')}>
          <Text {...pre}>{report.notes}</Text>
        </Section>
      )}
      <Divider />
      <Text size="xs" c="dimmed">
        {t('report.signed', { name: report.dermatologist.name, when: formatVisitTime(report.signedAt, lang, report.timeZone, 'short') })}
      </Text>
      <Button component="a" href={visitReportPdfUrl(report.appointmentId, lang)} download size="lg" fullWidth mih={48}>
        {t('report.downloadPdf')}
      </Button>
    </Stack>
  );
}
