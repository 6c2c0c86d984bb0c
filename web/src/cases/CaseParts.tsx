// Parts of the case page both roles see: the request summary, the signed
// answer and its addenda, the clarification thread, the timeline.
import { Alert, Badge, Card, Group, List, Stack, Text, Timeline, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Addendum, SignedAnswer } from '../../../contracts/cases/answer.ts';
import type { CaseDetail, CaseEvent, CaseMessage } from '../../../contracts/cases/case.ts';
import { formatDate } from './CaseBits.tsx';
import { useClinicalLabels } from './clinical-labels.ts';
import { completeSevenPoint, SevenPointScore } from './SevenPointChecklist.tsx';
import { SEVEN_POINT_ITEMS } from '../../../contracts/clinical/seven-point.ts';

const URGENT_OUTCOMES = new Set(['suspected_cancer_pathway', 'urgent_face_to_face', 'biopsy_excision']);

/** The outcome in one line, as the GP reads it first. */
export function OutcomeLine({ outcome }: { outcome: SignedAnswer['outcome'] }) {
  const tc = useClinicalLabels();
  const urgent = URGENT_OUTCOMES.has(outcome);
  return (
    <Alert color={urgent ? 'red' : 'green'} variant={urgent ? 'filled' : 'light'} icon={<span aria-hidden>{urgent ? '⚠' : '✓'}</span>} p="md">
      <Text fw={700} size="lg" c={urgent ? 'white' : undefined}>
        {tc(`triageOutcome.${outcome}`)}
      </Text>
    </Alert>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <Stack gap={0}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Stack>
  );
}

export function SignedBy({ name, at }: { name: string; at: string }) {
  const { t } = useTranslation('cases');
  return (
    <Text size="sm" c="dimmed">
      {t('answer.signedBy', { name, date: formatDate(at, true) })}
    </Text>
  );
}

export function AnswerView({ answer, addenda }: { answer: SignedAnswer; addenda: Addendum[] }) {
  const { t } = useTranslation('cases');
  const tc = useClinicalLabels();
  return (
    <Stack gap="sm">
      <Field label={t('answer.diagnosis')}>
        {answer.diagnosis}
        {answer.icd10 && (
          <Text span c="dimmed" size="sm">
            {' '}
            ({answer.icd10.code} {answer.icd10.label})
          </Text>
        )}
      </Field>
      {answer.differentials.length > 0 && (
        <Field label={t('answer.differentials')}>
          <List size="sm">
            {answer.differentials.map((d, i) => (
              <List.Item key={i}>
                {d.text}
                {d.icd10 ? ` (${d.icd10.code})` : ''}
              </List.Item>
            ))}
          </List>
        </Field>
      )}
      <Field label={t('answer.plan')}>{answer.managementPlan}</Field>
      <Field label={t('answer.treatments')}>{answer.treatmentSuggestions}</Field>
      <Field label={t('answer.patientSummary')}>{answer.patientSummary}</Field>
      {answer.gpDiscussesFirst && (
        <Alert color="orange" variant="light">
          {t('answer.gpDiscussesFirstNotice')}
        </Alert>
      )}
      <SignedBy name={answer.signedBy.name} at={answer.signedAt} />
      {addenda.length > 0 && (
        <Stack gap="xs">
          <Title order={3} size="h5">
            {t('answer.addenda')}
          </Title>
          {addenda.map((a) => (
            <Card key={a.id} withBorder padding="sm">
              {a.outcome && (
                <Badge color="#9c3b00" mb={4} tt="none">
                  {t('answer.outcomeChanged', { outcome: tc(`triageOutcome.${a.outcome}`) })}
                </Badge>
              )}
              <Text style={{ whiteSpace: 'pre-wrap' }}>{a.text}</Text>
              <SignedBy name={a.signedBy.name} at={a.signedAt} />
            </Card>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

export function RequestSummary({ detail, compact = false }: { detail: CaseDetail; compact?: boolean }) {
  const { t } = useTranslation('cases');
  const tc = useClinicalLabels();
  const r = detail.request;
  const yes = (v: boolean | null | undefined) => (v === true ? t('common.yes') : v === false ? t('common.no') : null);
  const symptoms = (['itch', 'bleeding', 'pain'] as const).filter((s) => r.symptoms?.[s]).map((s) => t(`request.symptomsList.${s}`));
  const answers = completeSevenPoint(r.sevenPoint);
  return (
    <Stack gap={compact ? 6 : 'sm'}>
      <Field label={t('request.reason')}>{r.reason ? tc(`requestReason.${r.reason}`) + (r.reasonOther ? ` (${r.reasonOther})` : '') : null}</Field>
      <Field label={t('request.bodySite')}>{r.bodySite?.site ? tc(`bodySite.${r.bodySite.site}`) + (r.bodySite.detail ? ` (${r.bodySite.detail})` : '') : null}</Field>
      <Field label={t('case.question')}>{r.question}</Field>
      <Field label={t('request.duration')}>
        {r.duration?.value !== undefined ? `${r.duration.value} ${t(`request.units.${r.duration.unit ?? 'months'}`)}` : null}
        {r.evolution ? ` · ${t(`request.evolutions.${r.evolution}`)}` : ''}
      </Field>
      <Field label={t('request.symptoms')}>{symptoms.length ? symptoms.join(', ') : null}</Field>
      {r.pigmented && (
        <Stack gap={4}>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t('sevenPoint.title')}
            </Text>
            <SevenPointScore answers={answers} />
          </Group>
          <Text size="sm">
            {SEVEN_POINT_ITEMS.filter((i) => answers[i.id])
              .map((i) => tc(i.labelKey))
              .join(', ') || t('sevenPoint.none')}
          </Text>
        </Stack>
      )}
      <Field label={t('request.personalHistory')}>{yes(r.personalHistorySkinCancer)}</Field>
      <Field label={t('request.familyHistory')}>{yes(r.familyHistorySkinCancer)}</Field>
      <Field label={t('request.immunosuppressed')}>{yes(r.immunosuppressed)}</Field>
      <Field label={t('request.phototype')}>{r.phototype ? tc(`fitzpatrick.${r.phototype}`) : null}</Field>
      <Field label={t('request.treatments')}>{r.treatments}</Field>
      <Field label={t('request.allergies')}>{r.allergies}</Field>
      <Field label={t('request.history')}>{r.history}</Field>
    </Stack>
  );
}

export function Thread({ messages }: { messages: CaseMessage[] }) {
  const { t } = useTranslation('cases');
  if (messages.length === 0) return null;
  return (
    <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('thread.title')}>
      {messages.map((m) => (
        <Card key={m.id} component="li" withBorder padding="sm" bg={m.kind === 'question' ? 'var(--mantine-color-default-hover)' : undefined}>
          <Text size="xs" c="dimmed">
            {t(`thread.${m.kind}`)} · {m.author.name} · {formatDate(m.at, true)}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
        </Card>
      ))}
    </Stack>
  );
}

export function CaseTimeline({ events }: { events: CaseEvent[] }) {
  const { t } = useTranslation('cases');
  return (
    <Timeline bulletSize={14} lineWidth={2} active={events.length - 1}>
      {events.map((e) => (
        <Timeline.Item key={e.id} title={t(`timeline.${e.transition}`)}>
          <Text size="sm" c="dimmed">
            {formatDate(e.at, true)}
            {e.actor ? ` · ${e.actor.name}` : ''}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
