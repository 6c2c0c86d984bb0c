// Weighted 7-point checklist (NICE NG12) with a live score. At 3 or more the
// suspected-cancer pathway is suggested; the clinician still decides.
import { Alert, Badge, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  SEVEN_POINT_ITEMS,
  SEVEN_POINT_MAX_SCORE,
  sevenPointScore,
  suggestsSuspectedCancer,
  type SevenPointAnswers,
  type SevenPointItemId,
} from '../../../contracts/clinical/seven-point.ts';
import { useClinicalLabels } from './clinical-labels.ts';

export const EMPTY_SEVEN_POINT: SevenPointAnswers = {
  changeInSize: false,
  irregularShape: false,
  irregularColour: false,
  diameter7mmOrMore: false,
  inflammation: false,
  oozingOrCrusting: false,
  changeInSensation: false,
};

export function completeSevenPoint(partial: Partial<SevenPointAnswers> | null | undefined): SevenPointAnswers {
  return { ...EMPTY_SEVEN_POINT, ...Object.fromEntries(Object.entries(partial ?? {}).filter(([, v]) => typeof v === 'boolean')) };
}

export function SevenPointScore({ answers }: { answers: SevenPointAnswers }) {
  const { t } = useTranslation('cases');
  const score = sevenPointScore(answers);
  const high = suggestsSuspectedCancer(score);
  return (
    <Badge size="lg" color={high ? 'red.9' : 'gray.7'} variant={high ? 'filled' : 'light'} aria-label={t('sevenPoint.scoreAria', { score, max: SEVEN_POINT_MAX_SCORE })}>
      {high ? '⚠ ' : ''}
      {t('sevenPoint.score', { score, max: SEVEN_POINT_MAX_SCORE })}
    </Badge>
  );
}

export function SevenPointChecklist({
  value,
  onChange,
}: {
  value: Partial<SevenPointAnswers> | null | undefined;
  onChange: (next: SevenPointAnswers) => void;
}) {
  const { t } = useTranslation('cases');
  const tc = useClinicalLabels();
  const answers = completeSevenPoint(value);
  const score = sevenPointScore(answers);
  const toggle = (id: SevenPointItemId, checked: boolean) => onChange({ ...answers, [id]: checked });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text fw={600} id="seven-point-title">
          {t('sevenPoint.title')}
        </Text>
        <SevenPointScore answers={answers} />
      </Group>
      <Stack gap={4} role="group" aria-labelledby="seven-point-title">
        {SEVEN_POINT_ITEMS.map((item) => (
          <Checkbox
            key={item.id}
            size="md"
            py={8}
            checked={answers[item.id]}
            onChange={(e) => toggle(item.id, e.currentTarget.checked)}
            label={tc(item.labelKey)}
            description={tc(`sevenPoint.${item.kind}`)}
            styles={{ body: { minHeight: 44, alignItems: 'center' } }}
          />
        ))}
      </Stack>
      <div aria-live="polite">
        {suggestsSuspectedCancer(score) && (
          <Alert color="red" variant="light" title={t('sevenPoint.highTitle')}>
            {t('sevenPoint.highMessage')}
          </Alert>
        )}
      </div>
    </Stack>
  );
}
