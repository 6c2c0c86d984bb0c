// /cases/new: the first two steps (patient, consent); then a draft case is
// created and the wizard continues on /cases/:id, where it can be resumed.
import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { casesKeys, createCase, getPatient } from './api.ts';
import { formatBirthDate } from '../app/birth-date.ts';
import { ConsentStep } from './ConsentStep.tsx';
import { PatientStep, type ChosenPatient } from './PatientStep.tsx';
import { StepHeader } from './WizardFrame.tsx';
import './cases.css';

export function PatientLine({ patient, onChange }: { patient: Pick<ChosenPatient, 'familyName' | 'givenName' | 'birthDate' | 'age'>; onChange?: () => void }) {
  const { t } = useTranslation('cases');
  return (
    <Card withBorder padding="xs" bg="var(--mantine-color-default-hover)">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">
          <Text span fw={600}>
            {patient.familyName.toUpperCase()} {patient.givenName}
          </Text>{' '}
          · {t('patient.bornOn', { date: formatBirthDate(patient.birthDate), age: patient.age })}
        </Text>
        {onChange && (
          <Button variant="subtle" size="compact-sm" onClick={onChange} mih={44}>
            {t('patient.change')}
          </Button>
        )}
      </Group>
    </Card>
  );
}

export function NewCasePage() {
  const { t } = useTranslation('cases');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [patient, setPatient] = useState<ChosenPatient | null>(null);
  const full = useQuery({ queryKey: ['patients', 'detail', patient?.id], queryFn: () => getPatient(patient!.id), enabled: !!patient && patient.consentStatus === undefined });
  const consentStatus = patient?.consentStatus ?? full.data?.consentStatus;

  const create = useMutation({
    mutationFn: (patientId: string) => createCase({ patientId }),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: casesKeys.all });
      void navigate(`/cases/${created.id}?step=site`, { replace: true });
    },
  });

  const step = !patient ? 'patient' : 'consent';
  return (
    <Stack gap="md" maw={560} mx="auto">
      <StepHeader step={step} />
      {patient && <PatientLine patient={patient} onChange={() => setPatient(null)} />}
      <ErrorNotice error={create.error ?? full.error} />
      {!patient ? (
        <PatientStep onChosen={setPatient} />
      ) : consentStatus === 'given' ? (
        <Stack gap="sm">
          <Text>{t('consent.alreadyGiven')}</Text>
          <div className="thumb-bar">
            <Button size="lg" fullWidth loading={create.isPending} onClick={() => create.mutate(patient.id)}>
              {t('wizard.next')}
            </Button>
          </div>
        </Stack>
      ) : consentStatus === undefined ? (
        <Text c="dimmed">{t('wizard.loading')}</Text>
      ) : (
        <ConsentStep patientId={patient.id} onRecorded={() => create.mutate(patient.id)} />
      )}
    </Stack>
  );
}
