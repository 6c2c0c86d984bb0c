// Wizard step 2: the patient's consent in one tap (photos and remote expertise).
import { Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CONSENT_METHODS, type ConsentMethod } from '../../../contracts/patients/consent.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { recordConsent } from './api.ts';

export function ConsentStep({ patientId, onRecorded }: { patientId: string; onRecorded: () => void }) {
  const { t } = useTranslation('cases');
  const mutation = useMutation({
    mutationFn: (method: ConsentMethod) => recordConsent(patientId, { method, scope: ['photos', 'remote_expertise'] }),
    onSuccess: onRecorded,
  });
  return (
    <Stack gap="sm">
      <Text>{t('consent.lead')}</Text>
      <ErrorNotice error={mutation.error} />
      <Stack gap="sm" role="group" aria-label={t('consent.how')}>
        {CONSENT_METHODS.map((method) => (
          <Button
            key={method}
            size="lg"
            variant={method === 'oral_in_consultation' ? 'filled' : 'outline'}
            fullWidth
            loading={mutation.isPending && mutation.variables === method}
            disabled={mutation.isPending}
            onClick={() => mutation.mutate(method)}
            styles={{ inner: { justifyContent: 'flex-start' }, label: { whiteSpace: 'normal', textAlign: 'left' } }}
            h="auto"
            mih={52}
            py={8}
          >
            {t(`consent.methods.${method}`)}
          </Button>
        ))}
      </Stack>
      <Text size="sm" c="dimmed">
        {t('consent.note')}
      </Text>
    </Stack>
  );
}
