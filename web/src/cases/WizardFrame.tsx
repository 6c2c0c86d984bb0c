// Step indicator and the bottom bar of the request wizard.
import { Group, Progress, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export const WIZARD_STEPS = ['patient', 'consent', 'site', 'lesion', 'background', 'checklist', 'question', 'photos', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export function StepHeader({ step, aside }: { step: WizardStep; aside?: ReactNode }) {
  const { t } = useTranslation('cases');
  const index = WIZARD_STEPS.indexOf(step);
  return (
    <Stack gap={6}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" c="dimmed" id="wizard-progress">
          {t('wizard.stepOf', { n: index + 1, total: WIZARD_STEPS.length })}
        </Text>
        {aside}
      </Group>
      <Progress.Root size="sm">
        <Progress.Section value={((index + 1) / WIZARD_STEPS.length) * 100} aria-label={t('wizard.stepOf', { n: index + 1, total: WIZARD_STEPS.length })} />
      </Progress.Root>
      <Title order={1} size="h3">
        {t(`wizard.steps.${step}`)}
      </Title>
    </Stack>
  );
}
