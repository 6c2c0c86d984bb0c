// The dermatologist's answer: diagnosis with ICD-10, differentials, plan,
// treatments, triage outcome (radio cards), plain-language patient summary,
// "GP discusses first"; a personal template inserts in one go; autosaved as a
// draft; signing asks for confirmation, then offers the next case.
import { Alert, Button, Checkbox, CloseButton, Group, Menu, Modal, Radio, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnswerBodySchema, type AnswerDraft, type AnswerTemplate } from '../../../contracts/cases/answer.ts';
import type { CaseDetail } from '../../../contracts/cases/case.ts';
import { TRIAGE_OUTCOMES, type TriageOutcome } from '../../../contracts/clinical/triage.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { casesKeys, saveAnswerDraft, signAnswer, useTemplates } from './api.ts';
import { ManageTemplatesDialog, SaveTemplateDialog } from './TemplateDialogs.tsx';
import { useClinicalLabels } from './clinical-labels.ts';
import { apiFieldErrors, errorFor, messageKey, zodFieldErrors, type FieldErrors } from './field-errors.ts';
import { Icd10Combobox } from './Icd10Combobox.tsx';

export type AnswerFormHandle = { focus: () => void; openTemplates: () => void; requestSign: () => void };

const EMPTY: AnswerDraft = { diagnosis: '', icd10: null, differentials: [], managementPlan: '', treatmentSuggestions: '', outcome: null, patientSummary: '', gpDiscussesFirst: false };

export const AnswerForm = forwardRef<AnswerFormHandle, { detail: CaseDetail; onSigned: () => void }>(function AnswerForm({ detail, onSigned }, ref) {
  const { t } = useTranslation('cases');
  const tc = useClinicalLabels();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<AnswerDraft>(() => ({ ...EMPTY, ...(detail.answerDraft ?? {}) }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirming, setConfirming] = useState(false);
  const [templatesOpen, setTemplatesOpen] = useState(false);
  const [templateDialog, setTemplateDialog] = useState<'save' | 'manage' | null>(null);
  const [saved, setSaved] = useState<'idle' | 'saving' | 'saved' | 'error'>('idle');
  const diagnosisRef = useRef<HTMLTextAreaElement>(null);
  const templates = useTemplates(true);

  // Autosave (debounced).
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(draft);
  const dirty = useRef(false);
  const save = useCallback(async () => {
    clearTimeout(timer.current);
    if (!dirty.current) return;
    dirty.current = false;
    setSaved('saving');
    try {
      await saveAnswerDraft(detail.id, latest.current);
      setSaved('saved');
    } catch {
      dirty.current = true;
      setSaved('error');
    }
  }, [detail.id]);
  useEffect(() => () => {
    clearTimeout(timer.current);
    if (dirty.current) void saveAnswerDraft(detail.id, latest.current).catch(() => undefined);
  }, [detail.id]);
  const update = (patch: Partial<AnswerDraft>) => {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setDraft(next);
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !Object.keys(patch).some((p) => k === p || k.startsWith(`${p}.`)))));
    dirty.current = true;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), 1000);
  };

  const insertTemplate = (template: AnswerTemplate) => {
    // Fill what the template has; keep what is already typed where the template is empty.
    const content = Object.fromEntries(Object.entries(template.content).filter(([, v]) => v !== null && v !== undefined && v !== '')) as AnswerDraft;
    update(content);
    setTemplatesOpen(false);
    diagnosisRef.current?.focus();
  };

  const parse = () => AnswerBodySchema.safeParse({ ...draft, treatmentSuggestions: draft.treatmentSuggestions || undefined, outcome: draft.outcome ?? undefined });
  const requestSign = () => {
    const parsed = parse();
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setConfirming(true);
  };
  useImperativeHandle(ref, () => ({ focus: () => diagnosisRef.current?.focus(), openTemplates: () => setTemplatesOpen(true), requestSign }));

  const sign = useMutation({
    mutationFn: async () => {
      const parsed = parse();
      if (!parsed.success) throw parsed.error;
      clearTimeout(timer.current);
      dirty.current = false;
      return signAnswer(detail.id, parsed.data);
    },
    onSuccess: async () => {
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: casesKeys.all });
      onSigned();
    },
    onError: (error) => {
      setConfirming(false);
      setErrors(apiFieldErrors(error));
    },
  });

  const err = (field: string) => {
    const message = errorFor(errors, field);
    return message ? t(messageKey(message), { defaultValue: t('cases:fieldErrors.invalid') }) : undefined;
  };
  const differentials = draft.differentials ?? [];

  return (
    <Stack gap="sm" component="section" aria-labelledby="answer-form-title">
      <Group justify="space-between">
        <Title order={2} size="h4" id="answer-form-title">
          {t('answer.formTitle')}
        </Title>
        <Group gap="xs">
          <Text size="xs" c={saved === 'error' ? 'red.8' : 'dimmed'} role="status">
            {saved === 'saving' ? t('wizard.saving') : saved === 'saved' ? `✓ ${t('wizard.saved')}` : saved === 'error' ? t('wizard.saveFailed') : ''}
          </Text>
          <Menu opened={templatesOpen} onChange={setTemplatesOpen} position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="xs" variant="default" aria-keyshortcuts="t">
                {t('answer.insertTemplate')} <kbd style={{ marginLeft: 6 }}>t</kbd>
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {templates.data?.items.length ? (
                templates.data.items.map((tpl) => (
                  <Menu.Item key={tpl.id} onClick={() => insertTemplate(tpl)}>
                    {tpl.name}
                  </Menu.Item>
                ))
              ) : (
                <Menu.Label>{templates.isPending ? t('wizard.loading') : t('answer.noTemplates')}</Menu.Label>
              )}
              <Menu.Divider />
              <Menu.Item onClick={() => setTemplateDialog('save')}>{t('templates.saveMenu')}</Menu.Item>
              {!!templates.data?.items.length && <Menu.Item onClick={() => setTemplateDialog('manage')}>{t('templates.manageMenu')}</Menu.Item>}
            </Menu.Dropdown>
          </Menu>
          <SaveTemplateDialog opened={templateDialog === 'save'} onClose={() => setTemplateDialog(null)} content={draft} />
          <ManageTemplatesDialog opened={templateDialog === 'manage'} onClose={() => setTemplateDialog(null)} templates={templates.data?.items ?? []} content={draft} />
        </Group>
      </Group>
      <Textarea ref={diagnosisRef} label={t('answer.diagnosis')} required autosize minRows={2} value={draft.diagnosis ?? ''} onChange={(e) => update({ diagnosis: e.currentTarget.value })} error={err('diagnosis')} />
      <Icd10Combobox label={t('answer.icd10')} value={draft.icd10} onChange={(icd10) => update({ icd10 })} />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('answer.differentials')}
        </Text>
        {differentials.map((d, i) => (
          <Group key={i} gap="xs" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              aria-label={t('answer.differentialN', { n: i + 1 })}
              value={d.text}
              onChange={(e) => update({ differentials: differentials.map((x, j) => (j === i ? { ...x, text: e.currentTarget.value } : x)) })}
              error={err(`differentials.${i}`)}
            />
            <CloseButton aria-label={t('answer.removeDifferential', { n: i + 1 })} onClick={() => update({ differentials: differentials.filter((_, j) => j !== i) })} />
          </Group>
        ))}
        {differentials.length < 10 && (
          <Button variant="subtle" size="xs" onClick={() => update({ differentials: [...differentials, { text: '' }] })} style={{ alignSelf: 'flex-start' }}>
            {t('answer.addDifferential')}
          </Button>
        )}
      </Stack>
      <Textarea label={t('answer.plan')} required autosize minRows={3} value={draft.managementPlan ?? ''} onChange={(e) => update({ managementPlan: e.currentTarget.value })} error={err('managementPlan')} />
      <Textarea label={t('answer.treatments')} autosize minRows={2} value={draft.treatmentSuggestions ?? ''} onChange={(e) => update({ treatmentSuggestions: e.currentTarget.value })} error={err('treatmentSuggestions')} />
      <Radio.Group label={t('answer.outcome')} required value={draft.outcome ?? ''} onChange={(v) => update({ outcome: v as TriageOutcome })} error={err('outcome')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt={4}>
          {TRIAGE_OUTCOMES.map((o) => (
            <Radio.Card key={o} value={o} radius="md" p="sm" withBorder style={draft.outcome === o ? { borderColor: 'var(--mantine-color-cyan-7)', borderWidth: 2 } : undefined}>
              <Group wrap="nowrap" align="flex-start" gap="xs">
                <Radio.Indicator />
                <Stack gap={0}>
                  <Text fw={600} size="sm">
                    {tc(`triageOutcome.${o}`)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {tc(`triageOutcomeHint.${o}`)}
                  </Text>
                </Stack>
              </Group>
            </Radio.Card>
          ))}
        </SimpleGrid>
      </Radio.Group>
      {detail.suspectedCancer && draft.outcome && draft.outcome !== 'suspected_cancer_pathway' && (
        <Alert color="orange" variant="light" p="xs">
          {t('answer.suspectedCancerReminder', { score: detail.sevenPointScore ?? '—' })}
        </Alert>
      )}
      <Textarea
        label={t('answer.patientSummary')}
        description={t('answer.patientSummaryHint')}
        required
        autosize
        minRows={2}
        value={draft.patientSummary ?? ''}
        onChange={(e) => update({ patientSummary: e.currentTarget.value })}
        error={err('patientSummary')}
      />
      <Checkbox label={t('answer.gpDiscussesFirst')} description={t('answer.gpDiscussesFirstHint')} checked={!!draft.gpDiscussesFirst} onChange={(e) => update({ gpDiscussesFirst: e.currentTarget.checked })} />
      <ErrorNotice error={sign.error && !(sign.error instanceof Error && 'issues' in sign.error) ? sign.error : null} />
      <Group justify="flex-end">
        <Button onClick={requestSign} aria-keyshortcuts="s">
          {t('answer.sign')} <kbd style={{ marginLeft: 6 }}>s</kbd>
        </Button>
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} closeButtonProps={{ 'aria-label': t('common.close') }} title={t('answer.confirmTitle')} centered>
        <Stack gap="sm">
          <Text>{t('answer.confirmText')}</Text>
          {draft.outcome && (
            <Text fw={700}>
              {t('answer.outcome')}: {tc(`triageOutcome.${draft.outcome}`)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => sign.mutate()} loading={sign.isPending} data-autofocus>
              {t('answer.confirmSign')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
});
