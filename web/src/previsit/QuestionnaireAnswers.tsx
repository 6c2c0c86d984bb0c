// The patient's answers as the dermatologist reads them: clinical labels, one
// line each, "Not answered" where nothing was said, and whether they were sent
// (by the patient or their practice) or are still a draft as typed.
import { Alert, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QuestionnaireDraft, QuestionnaireState } from '../../../contracts/appointments/questionnaire.ts';
import { currentLanguage } from '../i18n/index.ts';
import { shortDateTime } from './format.ts';

type Row = { key: keyof QuestionnaireDraft; label: string; value: string | null };

export function QuestionnaireAnswers({ questionnaire }: { questionnaire: QuestionnaireState }) {
  const { t } = useTranslation('previsit');
  const { t: tc } = useTranslation('clinical');
  const lang = currentLanguage();
  const a = questionnaire.answers;
  const answered = Object.values(a).some((v) => v !== null && v !== undefined && v !== '');
  if (!answered) return <Text c="dimmed">{t('clinician.empty')}</Text>;

  const text = (value: string | null | undefined) => (value ? value : null);
  const rows: Row[] = [
    { key: 'reason', label: t('clinical.reason'), value: a.reason ? t(`clinical.reasons.${a.reason}`) : null },
    { key: 'reasonDetail', label: t('clinical.reasonDetail'), value: text(a.reasonDetail) },
    { key: 'bodyArea', label: t('clinical.bodyArea'), value: text(a.bodyArea) },
    { key: 'duration', label: t('clinical.duration'), value: a.duration ? t(`clinical.durations.${a.duration}`) : null },
    { key: 'evolution', label: t('clinical.evolution'), value: a.evolution ? t(`clinical.evolutions.${a.evolution}`) : null },
    {
      key: 'symptoms',
      label: t('clinical.symptoms'),
      value: a.symptoms ? (a.symptoms.length ? a.symptoms.map((s) => t(`clinical.symptomNames.${s}`)).join(', ') : t('clinical.noSymptoms')) : null,
    },
    { key: 'treatments', label: t('clinical.treatments'), value: a.treatmentsNone ? t('clinical.noTreatments') : text(a.treatments) },
    { key: 'allergies', label: t('clinical.allergies'), value: a.allergiesNone ? t('clinical.noAllergies') : text(a.allergies) },
    // null: the patient answered "I do not know"; absent: not answered.
    { key: 'phototype', label: t('clinical.phototype'), value: a.phototype ? tc(`fitzpatrick.${a.phototype}`) : a.phototype === null ? t('clinical.phototypeUnknown') : null },
    { key: 'otherInfo', label: t('clinical.otherInfo'), value: text(a.otherInfo) },
  ];
  const status = questionnaire.submittedAt
    ? t(questionnaire.filledBy === 'practice' ? 'clinician.submittedByPractice' : 'clinician.submittedAt', { date: shortDateTime(questionnaire.submittedAt, lang) })
    : t('clinician.draft', { date: questionnaire.savedAt ? shortDateTime(questionnaire.savedAt, lang) : '—' });
  return (
    <>
      {questionnaire.submittedAt ? (
        <Text size="sm" c="dimmed" data-testid="questionnaire-status">
          {status}
        </Text>
      ) : (
        <Alert color="yellow" role="status" p="xs" data-testid="questionnaire-status">
          {status}
        </Alert>
      )}
      <Table variant="vertical" layout="fixed" withTableBorder={false} verticalSpacing={6} data-testid="questionnaire-answers">
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key}>
              <Table.Th w="38%" scope="row" fz="sm">
                {row.label}
              </Table.Th>
              <Table.Td fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} c={row.value ? undefined : 'dimmed'}>
                {row.value ?? t('clinician.notAnswered')}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
