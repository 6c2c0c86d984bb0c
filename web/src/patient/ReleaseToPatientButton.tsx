// On the requester's case page: when the answer is held from the patient (the
// suspected-cancer pathway, or "the GP discusses this with the patient first"),
// says so and lets the GP release it after talking to the patient. Renders
// nothing otherwise.
import { Alert, Button, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { fetchRelease, patientKeys, releaseToPatient } from './api.ts';

export function ReleaseToPatientButton({ caseId }: { caseId: string }) {
  const { t } = useTranslation('patient');
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: patientKeys.release(caseId), queryFn: () => fetchRelease(caseId) });
  const release = useMutation({
    mutationFn: () => releaseToPatient(caseId),
    onSuccess: (data) => queryClient.setQueryData(patientKeys.release(caseId), data),
  });
  if (release.isSuccess) {
    return (
      <Alert color="green" variant="light" role="status">
        {t('release.done')}
      </Alert>
    );
  }
  if (!status.data?.held) return null;
  return (
    <Alert color="yellow" variant="light">
      <Stack gap="sm">
        <Text>{t('release.held')}</Text>
        <ErrorNotice error={release.error} />
        <Button size="md" onClick={() => release.mutate()} loading={release.isPending}>
          {t('release.button')}
        </Button>
      </Stack>
    </Alert>
  );
}
