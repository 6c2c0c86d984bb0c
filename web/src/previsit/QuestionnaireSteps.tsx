// The questionnaire in four short steps, phone-first and in plain words:
// why, how long and how it feels, medicines and allergies, the skin in the
// sun. Every change is kept on the device at once and saved to the server a
// moment later (so nothing typed is lost, even without network); "Send my
// answers" checks them strictly and sends them to the dermatologist.
import { Alert, Button, Checkbox, Group, Progress, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  QUESTIONNAIRE_DURATIONS,
  QUESTIONNAIRE_EVOLUTIONS,
  QUESTIONNAIRE_REASONS,
  QUESTIONNAIRE_SYMPTOMS,
  type AppointmentPreparation,
  type QuestionnaireDraft,
  type QuestionnaireState,
  type QuestionnaireSymptom,
} from '../../../contracts/appointments/questionnaire.ts';
import { FITZPATRICK_PHOTOTYPES, type FitzpatrickPhototype } from '../../../contracts/clinical/triage.ts';
import { ApiError } from '../api/client.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { previsitKeys, saveQuestionnaire } from './api.ts';

type Field = keyof QuestionnaireDraft;
const STEPS: Array<{ title: string; fields: Field[] }> = [
  { title: 'steps.reason', fields: ['reason', 'reasonDetail', 'bodyArea'] },
  { title: 'steps.symptoms', fields: ['duration', 'evolution', 'symptoms'] },
  { title: 'steps.treatments', fields: ['treatmentsNone', 'treatments', 'allergiesNone', 'allergies'] },
  { title: 'steps.skin', fields: ['phototype', 'otherInfo'] },
];
const SAVE_DELAY_MS = 700;
const localKey = (appointmentId: string) => `dermlink-questionnaire-${appointmentId}`;

type SaveState = 'idle' | 'saving' | 'saved' | 'offline' | 'failed';

/** Answers typed but not yet saved on the server (kept on the device only until they are). */
function readUnsaved(appointmentId: string): QuestionnaireDraft | null {
  try {
    const raw = localStorage.getItem(localKey(appointmentId));
    return raw ? (JSON.parse(raw) as QuestionnaireDraft) : null;
  } catch {
    return null;
  }
}
function writeUnsaved(appointmentId: string, answers: QuestionnaireDraft | null) {
  try {
    if (answers) localStorage.setItem(localKey(appointmentId), JSON.stringify(answers));
    else localStorage.removeItem(localKey(appointmentId));
  } catch {
    // private mode or full storage: the server save still runs
  }
}

export interface QuestionnaireStepsProps {
  appointmentId: string;
  questionnaire: QuestionnaireState;
  /** After the answers were sent. */
  onSubmitted?: (state: QuestionnaireState) => void;
}

export function QuestionnaireSteps({ appointmentId, questionnaire, onSubmitted }: QuestionnaireStepsProps) {
  const { t } = useTranslation('previsit');
  const queryClient = useQueryClient();
  const [answers, setAnswers] = useState<QuestionnaireDraft>(() => readUnsaved(appointmentId) ?? questionnaire.answers);
  const [step, setStep] = useState(0);
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [wasSubmitted] = useState(questionnaire.submittedAt !== null);
  const [changed, setChanged] = useState(false);
  const latest = useRef(answers);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Saves go one after the other (a late draft save must not land after the submission).
  const inflight = useRef<Promise<unknown>>(Promise.resolve());
  const headingRef = useRef<HTMLHeadingElement>(null);

  const updateCache = useCallback(
    (state: QuestionnaireState) =>
      queryClient.setQueryData<AppointmentPreparation>(previsitKeys.preparation(appointmentId), (old) => (old ? { ...old, questionnaire: state } : old)),
    [appointmentId, queryClient],
  );

  const saveDraft = useCallback(async () => {
    const sending = latest.current;
    setSaveState('saving');
    try {
      const state = await saveQuestionnaire(appointmentId, sending, false);
      if (latest.current === sending) {
        writeUnsaved(appointmentId, null);
        setSaveState('saved');
      }
      updateCache(state);
    } catch (error) {
      setSaveState(error instanceof ApiError && error.status === 0 ? 'offline' : 'failed');
      if (!(error instanceof ApiError && error.status === 0)) setSubmitError(error);
    }
  }, [appointmentId, updateCache]);

  const saveNow = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const run = inflight.current.then(() => saveDraft());
    inflight.current = run.catch(() => undefined);
    return run;
  }, [saveDraft]);

  // Answers left unsaved by an earlier visit (no network, closed tab) go to the server now.
  useEffect(() => {
    const retry = () => {
      if (readUnsaved(appointmentId)) void saveNow();
    };
    const first = setTimeout(retry, 0);
    window.addEventListener('online', retry);
    return () => {
      clearTimeout(first);
      window.removeEventListener('online', retry);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [appointmentId, saveNow]);

  const change = (patch: QuestionnaireDraft) => {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setAnswers(next);
    setChanged(true);
    setErrors((old) => Object.fromEntries(Object.entries(old).filter(([path]) => !(path in patch))));
    writeUnsaved(appointmentId, next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveNow(), SAVE_DELAY_MS);
  };

  const goTo = (index: number) => {
    if (timer.current) void saveNow();
    setStep(index);
    requestAnimationFrame(() => headingRef.current?.focus());
  };

  const submit = async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    setSubmitting(true);
    setSubmitError(null);
    try {
      await inflight.current;
      const state = await saveQuestionnaire(appointmentId, latest.current, true);
      writeUnsaved(appointmentId, null);
      setErrors({});
      setSaveState('saved');
      updateCache(state);
      onSubmitted?.(state);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'questionnaire_incomplete') {
        const fieldErrors = Object.fromEntries(Object.entries(error.fieldErrors).map(([path, message]) => [path.replace(/^answers\./, ''), message]));
        setErrors(fieldErrors);
        const first = STEPS.findIndex((s) => s.fields.some((f) => f in fieldErrors));
        if (first >= 0) goTo(first);
      } else {
        if (error instanceof ApiError && error.status === 0) setSaveState('offline');
        setSubmitError(error);
      }
    } finally {
      setSubmitting(false);
    }
  };

  const errorOf = (field: Field) => (errors[field] ? t(errors[field]!.replace(/^previsit\./, ''), { defaultValue: t('steps.fixBelow') }) : undefined);
  const last = step === STEPS.length - 1;
  const current = STEPS[step]!;

  return (
    <Stack gap="md" data-testid="questionnaire">
      <Stack gap={4}>
        <Text size="sm" c="dimmed" aria-hidden="true">
          {t('steps.progress', { step: step + 1, total: STEPS.length })}
        </Text>
        <Progress value={((step + 1) / STEPS.length) * 100} size="sm" aria-label={t('steps.progress', { step: step + 1, total: STEPS.length })} transitionDuration={0} />
      </Stack>
      <Title order={3} size="h4" ref={headingRef} tabIndex={-1}>
        {t(current.title)}
      </Title>
      {Object.keys(errors).length > 0 && (
        <Alert color="red" role="alert">
          {t('steps.fixBelow')}
        </Alert>
      )}

      {step === 0 && (
        <Stack gap="md">
          <Choice
            label={t('patient.reasonLabel')}
            error={errorOf('reason')}
            value={answers.reason ?? null}
            options={QUESTIONNAIRE_REASONS.map((value) => ({ value, label: t(`patient.reason.${value}`) }))}
            onChange={(value) => change({ reason: value as QuestionnaireDraft['reason'] })}
          />
          <Textarea
            size="md"
            label={t('patient.reasonDetail')}
            description={t('patient.reasonDetailHint')}
            autosize
            minRows={2}
            maxLength={1000}
            value={answers.reasonDetail ?? ''}
            error={errorOf('reasonDetail')}
            onChange={(e) => change({ reasonDetail: e.currentTarget.value || null })}
          />
          <TextInput
            size="md"
            label={t('patient.bodyArea')}
            description={t('patient.bodyAreaHint')}
            maxLength={200}
            value={answers.bodyArea ?? ''}
            onChange={(e) => change({ bodyArea: e.currentTarget.value || null })}
          />
        </Stack>
      )}

      {step === 1 && (
        <Stack gap="md">
          <Choice
            label={t('patient.durationLabel')}
            error={errorOf('duration')}
            value={answers.duration ?? null}
            options={QUESTIONNAIRE_DURATIONS.map((value) => ({ value, label: t(`patient.duration.${value}`) }))}
            onChange={(value) => change({ duration: value as QuestionnaireDraft['duration'] })}
          />
          <Choice
            label={t('patient.evolutionLabel')}
            value={answers.evolution ?? null}
            options={QUESTIONNAIRE_EVOLUTIONS.map((value) => ({ value, label: t(`patient.evolution.${value}`) }))}
            onChange={(value) => change({ evolution: value as QuestionnaireDraft['evolution'] })}
          />
          <Checkbox.Group
            label={t('patient.symptomsLabel')}
            description={t('patient.symptomsHint')}
            value={answers.symptoms ?? []}
            onChange={(values) => change({ symptoms: values as QuestionnaireSymptom[] })}
            size="md"
          >
            <Stack gap="xs" mt="xs">
              {QUESTIONNAIRE_SYMPTOMS.map((value) => (
                <Checkbox.Card key={value} value={value} radius="md" p="sm" mih={48}>
                  <Group wrap="nowrap" gap="sm">
                    <Checkbox.Indicator />
                    <Text>{t(`patient.symptom.${value}`)}</Text>
                  </Group>
                </Checkbox.Card>
              ))}
            </Stack>
          </Checkbox.Group>
        </Stack>
      )}

      {step === 2 && (
        <Stack gap="lg">
          <NoneOrText
            label={t('patient.treatments')}
            hint={t('patient.treatmentsHint')}
            noneLabel={t('patient.treatmentsNone')}
            none={answers.treatmentsNone ?? false}
            text={answers.treatments ?? ''}
            maxLength={2000}
            error={errorOf('treatments')}
            onNone={(none) => change({ treatmentsNone: none, ...(none ? { treatments: null } : {}) })}
            onText={(text) => change({ treatments: text || null, ...(text ? { treatmentsNone: false } : {}) })}
          />
          <NoneOrText
            label={t('patient.allergies')}
            hint={t('patient.allergiesHint')}
            noneLabel={t('patient.allergiesNone')}
            none={answers.allergiesNone ?? false}
            text={answers.allergies ?? ''}
            maxLength={1000}
            error={errorOf('allergies')}
            onNone={(none) => change({ allergiesNone: none, ...(none ? { allergies: null } : {}) })}
            onText={(text) => change({ allergies: text || null, ...(text ? { allergiesNone: false } : {}) })}
          />
        </Stack>
      )}

      {step === 3 && (
        <Stack gap="md">
          <Choice
            label={t('patient.phototypeLabel')}
            // null is the answer "I do not know" (unanswered is absent), so it survives a reload.
            value={answers.phototype === null ? 'unknown' : (answers.phototype ?? null)}
            options={[...FITZPATRICK_PHOTOTYPES, 'unknown' as const].map((value) => ({ value, label: t(`patient.phototype.${value}`) }))}
            onChange={(value) => change({ phototype: value === 'unknown' ? null : (value as FitzpatrickPhototype) })}
          />
          <Textarea
            size="md"
            label={t('patient.otherInfo')}
            description={t('patient.otherInfoHint')}
            autosize
            minRows={2}
            maxLength={2000}
            value={answers.otherInfo ?? ''}
            onChange={(e) => change({ otherInfo: e.currentTarget.value || null })}
          />
        </Stack>
      )}

      <SaveLine state={saveState} changedAfterSending={wasSubmitted && changed} />
      <ErrorNotice error={submitError} />

      <Group grow gap="sm">
        {step > 0 && (
          <Button size="lg" mih={48} variant="default" onClick={() => goTo(step - 1)}>
            {t('steps.back')}
          </Button>
        )}
        {last ? (
          <Button size="lg" mih={48} onClick={() => void submit()} loading={submitting}>
            {t('steps.send')}
          </Button>
        ) : (
          <Button size="lg" mih={48} onClick={() => goTo(step + 1)}>
            {t('steps.next')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function SaveLine({ state, changedAfterSending }: { state: SaveState; changedAfterSending: boolean }) {
  const { t } = useTranslation('previsit');
  let text: ReactNode = null;
  if (state === 'saving') text = t('steps.saving');
  else if (state === 'saved') text = changedAfterSending ? t('steps.changedAfterSending') : t('steps.saved');
  else if (state === 'offline') text = t('steps.offline');
  return (
    <Text size="sm" c={state === 'offline' ? 'orange.9' : 'dimmed'} role="status" aria-live="polite" mih={20} data-testid="questionnaire-save-state" data-state={state}>
      {text}
    </Text>
  );
}

/** One answer among a few, as large tappable cards. */
function Choice({ label, value, options, onChange, error }: { label: string; value: string | null; options: Array<{ value: string; label: string }>; onChange: (value: string) => void; error?: string }) {
  return (
    <Radio.Group label={label} value={value} onChange={onChange} error={error} size="md">
      <Stack gap="xs" mt="xs">
        {options.map((option) => (
          <Radio.Card key={option.value} value={option.value} radius="md" p="sm" mih={48}>
            <Group wrap="nowrap" gap="sm">
              <Radio.Indicator />
              <Text>{option.label}</Text>
            </Group>
          </Radio.Card>
        ))}
      </Stack>
    </Radio.Group>
  );
}

/** A free-text answer with an explicit "none" (so that an empty box is not read as "none"). */
function NoneOrText(props: {
  label: string;
  hint: string;
  noneLabel: string;
  none: boolean;
  text: string;
  maxLength: number;
  error?: string;
  onNone: (none: boolean) => void;
  onText: (text: string) => void;
}) {
  return (
    <Stack gap="xs">
      <Textarea size="md" label={props.label} description={props.hint} autosize minRows={2} maxLength={props.maxLength} value={props.text} error={props.error} disabled={props.none} onChange={(e) => props.onText(e.currentTarget.value)} />
      <Checkbox.Card checked={props.none} onChange={props.onNone} radius="md" p="sm" mih={48}>
        <Group wrap="nowrap" gap="sm">
          <Checkbox.Indicator />
          <Text>{props.noneLabel}</Text>
        </Group>
      </Checkbox.Card>
    </Stack>
  );
}
