// /appointments/:appointmentId/visit: the dermatologist's desk after (or
// during) the video visit: who joined and when (the billing rule needs video
// from both sides), the notes form saved as typed (notes, diagnosis with the
// ICD-10 combobox, plan, plain-language summary), the prescription, then
// "Complete and sign" with a confirmation, or "Patient did not come".
// Keyboard: every field in reading order; Ctrl+S saves now, Ctrl+Enter asks to complete.
import { Alert, Anchor, Badge, Button, Card, Grid, Group, Kbd, List, Modal, Stack, Text, Textarea, ThemeIcon, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { VisitCompleteBodySchema, type VisitDraft } from '../../../contracts/visits/index.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { PageSkeleton } from '../app/Shell.tsx';
import { Icd10Combobox } from '../cases/Icd10Combobox.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { ApiError } from '../api/client.ts';
import { completeVisit, fetchVisit, formatClock, formatVisitTime, markNoShow, saveVisitDraft, visitKeys, type Visit } from './api.ts';
import { VisitPrescription } from './VisitPrescription.tsx';

type Errors = Record<string, string>;

export function VisitPage() {
  const { appointmentId = '' } = useParams();
  const visit = useQuery({ queryKey: visitKeys.visit(appointmentId), queryFn: () => fetchVisit(appointmentId) });
  if (visit.isPending) return <PageSkeleton />;
  if (visit.error) return <ErrorNotice error={visit.error} />;
  return <VisitView visit={visit.data} />;
}

function StatusBadge({ visit }: { visit: Visit }) {
  const { t } = useTranslation('visits');
  const color = visit.status === 'completed' ? 'green' : visit.status === 'no_show' ? 'orange' : visit.status === 'cancelled' ? 'gray' : 'blue';
  return (
    <Badge size="lg" variant="dot" color={color} tt="none">
      {t(`status.${visit.status}`)}
    </Badge>
  );
}

function VisitView({ visit }: { visit: Visit }) {
  const { t } = useTranslation('visits');
  const lang = currentLanguage();
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={1} size="h2">
            {t('page.title', { name: visit.patient.name })}
          </Title>
          <Text c="dimmed">
            {t('page.subtitle', { age: visit.patient.age, sex: t(`sex.${visit.patient.sex}`), when: formatVisitTime(visit.startsAt, lang, visit.timeZone) })}
          </Text>
        </Stack>
        <StatusBadge visit={visit} />
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <VisitFacts visit={visit} />
            <VisitTimeline visit={visit} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            {visit.canEdit ? <VisitNotesForm visit={visit} /> : <SignedRecord visit={visit} />}
            <VisitPrescription appointmentId={visit.appointmentId} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function VisitFacts({ visit }: { visit: Visit }) {
  const { t } = useTranslation('visits');
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="visit-facts">
      <Title order={2} size="h4" id="visit-facts" mb="xs">
        {t('facts.title')}
      </Title>
      <Stack gap={4}>
        <Text size="sm">
          <Text span fw={600}>
            {t('facts.dermatologist')}:
          </Text>{' '}
          {visit.dermatologist.name}
        </Text>
        <Text size="sm">
          <Text span fw={600}>
            {t('facts.referrer')}:
          </Text>{' '}
          {visit.referringGp?.name ?? t('facts.noReferrer')}
        </Text>
        <Text size="sm">
          <Text span fw={600}>
            {t('facts.pathway')}:
          </Text>{' '}
          {t(visit.coordinated ? 'facts.coordinated' : 'facts.direct')}
        </Text>
      </Stack>
    </Card>
  );
}

function VisitTimeline({ visit }: { visit: Visit }) {
  const { t } = useTranslation('visits');
  const lang = currentLanguage();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="visit-timeline">
      <Title order={2} size="h4" id="visit-timeline" mb="xs">
        {t('timeline.title')}
      </Title>
      {visit.timeline.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('timeline.empty')}
        </Text>
      ) : (
        <List spacing={4} size="sm" listStyleType="none" pl={0} aria-label={t('timeline.title')}>
          {visit.timeline.map((e, i) => (
            <List.Item key={`${e.at}-${i}`}>
              <Text span ff="monospace" size="sm">
                {formatClock(e.at, lang, visit.timeZone)}
              </Text>{' '}
              {t(`timeline.${e.kind}`, { name: e.name })}
              {e.who !== 'other' && (
                <Text span c="dimmed" size="xs">
                  {' '}
                  ({t(`timeline.who.${e.who}`)})
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
      <Alert mt="sm" variant="light" color={visit.video.held ? 'green' : 'orange'} role="status" p="xs"
        icon={<ThemeIcon size="sm" radius="xl" color={visit.video.held ? 'green' : 'orange'} aria-hidden>{visit.video.held ? '✓' : '!'}</ThemeIcon>}>
        {visit.video.held ? t('timeline.videoHeld') : t('timeline.videoMissing', { who: [!visit.video.dermatologistJoined && t('timeline.who.dermatologist'), !visit.video.patientJoined && t('timeline.who.patient')].filter(Boolean).join(', ') })}
      </Alert>
    </Card>
  );
}

function useFieldError() {
  const { t } = useTranslation('visits');
  return (errors: Errors, field: string) => {
    const message = errors[field];
    if (!message) return undefined;
    return message.startsWith('visits:') ? t(message.slice('visits:'.length)) : t('form.invalid');
  };
}

function VisitNotesForm({ visit }: { visit: Visit }) {
  const { t } = useTranslation('visits');
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const fieldError = useFieldError();
  const id = visit.appointmentId;
  const [draft, setDraft] = useState<VisitDraft>(() => {
    const { notes, diagnosis, icd10, plan, patientSummary } = visit.record;
    return { notes, diagnosis, icd10, plan, patientSummary };
  });
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState<'idle' | 'saving' | 'saved' | 'error'>(visit.record.updatedAt ? 'saved' : 'idle');
  const [confirming, setConfirming] = useState<'complete' | 'no_show' | null>(null);
  const [noShowNote, setNoShowNote] = useState('');
  const notesRef = useRef<HTMLTextAreaElement>(null);

  // Saved as typed (debounced); what is still unsaved goes when the page is left.
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(draft);
  const dirty = useRef(false);
  const save = useCallback(async () => {
    clearTimeout(timer.current);
    if (!dirty.current) return;
    dirty.current = false;
    setSaved('saving');
    try {
      await saveVisitDraft(id, latest.current);
      setSaved('saved');
    } catch {
      dirty.current = true;
      setSaved('error');
    }
  }, [id]);
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      if (dirty.current) void saveVisitDraft(id, latest.current).catch(() => undefined);
    },
    [id],
  );
  const update = (patch: Partial<VisitDraft>) => {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setDraft(next);
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in patch))));
    dirty.current = true;
    setSaved('idle');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), 800);
  };

  const parse = () => VisitCompleteBodySchema.safeParse({ ...draft, icd10: draft.icd10 ?? null });
  const requestComplete = () => {
    const parsed = parse();
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message])));
      notesRef.current?.form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setConfirming('complete');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    if (e.key === 's') {
      e.preventDefault();
      dirty.current = true;
      void save();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      requestComplete();
    }
  };

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: visitKeys.all });
  };
  const complete = useMutation({
    mutationFn: async () => {
      const parsed = parse();
      if (!parsed.success) throw parsed.error;
      clearTimeout(timer.current);
      dirty.current = false;
      return completeVisit(id, parsed.data);
    },
    onSuccess: refresh,
    onError: (error) => {
      setConfirming(null);
      if (error instanceof ApiError) setErrors(Object.fromEntries(Object.entries(error.fieldErrors).map(([k, v]) => [k.replace(/^\/?(body[./])?/, ''), v])));
    },
  });
  const noShow = useMutation({
    mutationFn: async () => {
      clearTimeout(timer.current);
      if (dirty.current) await save();
      return markNoShow(id, noShowNote.trim() ? { notes: noShowNote } : {});
    },
    onSuccess: refresh,
    onError: () => setConfirming(null),
  });

  return (
    <Stack component="section" gap="sm" aria-labelledby="visit-notes-title">
      <Group justify="space-between">
        <Title order={2} size="h3" id="visit-notes-title">
          {t('form.title')}
        </Title>
        <Text size="sm" c={saved === 'error' ? 'red.8' : 'dimmed'} role="status" aria-live="polite">
          {saved === 'saving' ? t('form.saving') : saved === 'saved' ? `✓ ${t('form.saved')}` : saved === 'error' ? t('form.saveFailed') : ''}
        </Text>
      </Group>
      <form onKeyDown={onKeyDown} onSubmit={(e) => (e.preventDefault(), requestComplete())} noValidate>
        <Stack gap="sm">
          <Textarea ref={notesRef} label={t('form.notes')} description={t('form.notesHint')} required autosize minRows={5} value={draft.notes ?? ''} onChange={(e) => update({ notes: e.currentTarget.value })} error={fieldError(errors, 'notes')} />
          <Textarea label={t('form.diagnosis')} required autosize minRows={1} value={draft.diagnosis ?? ''} onChange={(e) => update({ diagnosis: e.currentTarget.value })} error={fieldError(errors, 'diagnosis')} />
          <Icd10Combobox label={t('form.icd10')} value={draft.icd10} onChange={(icd10) => update({ icd10 })} />
          <Textarea label={t('form.plan')} required autosize minRows={3} value={draft.plan ?? ''} onChange={(e) => update({ plan: e.currentTarget.value })} error={fieldError(errors, 'plan')} />
          <Textarea
            label={t('form.patientSummary')}
            description={t('form.patientSummaryHint')}
            required
            autosize
            minRows={2}
            value={draft.patientSummary ?? ''}
            onChange={(e) => update({ patientSummary: e.currentTarget.value })}
            error={fieldError(errors, 'patientSummary')}
          />
          {!visit.video.held && (
            <Alert color="orange" variant="light">
              {t('form.videoRule')}
            </Alert>
          )}
          <ErrorNotice error={complete.error instanceof ApiError ? complete.error : noShow.error} />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              <Kbd>Ctrl</Kbd> + <Kbd>S</Kbd> {t('form.shortcutSave')} · <Kbd>Ctrl</Kbd> + <Kbd>Enter</Kbd> {t('form.shortcutComplete')}
            </Text>
            <Group gap="sm">
              {visit.canMarkNoShow && (
                <Button variant="default" onClick={() => setConfirming('no_show')}>
                  {t('form.noShow')}
                </Button>
              )}
              <Button type="submit" aria-keyshortcuts="Control+Enter">
                {t('form.complete')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
      <Modal opened={confirming === 'complete'} onClose={() => setConfirming(null)} title={t('confirm.title')} centered closeButtonProps={{ 'aria-label': t('confirm.cancel') }}>
        <Stack gap="sm">
          <Text>{t('confirm.text')}</Text>
          <Text fw={700}>
            {t('form.diagnosis')}: {draft.diagnosis}
            {draft.icd10 ? ` (${draft.icd10.code})` : ''}
          </Text>
          <Text size="sm">{visit.referringGp ? t('confirm.reportTo', { name: visit.referringGp.name }) : t('confirm.noReferrer')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t('confirm.cancel')}
            </Button>
            <Button onClick={() => complete.mutate()} loading={complete.isPending} data-autofocus>
              {t('confirm.sign')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={confirming === 'no_show'} onClose={() => setConfirming(null)} title={t('noShow.title')} centered closeButtonProps={{ 'aria-label': t('confirm.cancel') }}>
        <Stack gap="sm">
          <Text>{t('noShow.text', { when: formatVisitTime(visit.startsAt, lang, visit.timeZone) })}</Text>
          <Textarea label={t('noShow.note')} description={t('noShow.noteHint')} autosize minRows={2} value={noShowNote} onChange={(e) => setNoShowNote(e.currentTarget.value)} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t('confirm.cancel')}
            </Button>
            <Button color="orange.9" onClick={() => noShow.mutate()} loading={noShow.isPending}>
              {t('noShow.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function SignedRecord({ visit }: { visit: Visit }) {
  const { t } = useTranslation('visits');
  const lang = currentLanguage();
  const r = visit.record;
  const field = (label: string, value: string) =>
    value ? (
      <Stack gap={2}>
        <Text fw={600} size="sm">
          {label}
        </Text>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{value}</Text>
      </Stack>
    ) : null;
  return (
    <Stack component="section" gap="sm" aria-labelledby="visit-record-title">
      <Title order={2} size="h3" id="visit-record-title">
        {t('form.title')}
      </Title>
      {visit.status === 'cancelled' && <Alert color="gray">{t('signed.cancelled')}</Alert>}
      {visit.signature && (
        <Alert color={visit.signature.outcome === 'completed' ? 'green' : 'orange'} variant="light" role="status">
          {t(visit.signature.outcome === 'completed' ? 'signed.completed' : 'signed.noShow', { name: visit.signature.signedBy.name, when: formatVisitTime(visit.signature.signedAt, lang, visit.timeZone, 'short') })}{' '}
          <Anchor component={Link} to={`/appointments/${visit.appointmentId}/report`}>
            {t('signed.openReport')}
          </Anchor>
        </Alert>
      )}
      {!visit.signature && visit.status === 'booked' && <Alert color="gray">{t('signed.readOnly')}</Alert>}
      {!visit.signature && (visit.status === 'completed' || visit.status === 'no_show') && <Alert color="gray">{t('signed.noRecord')}</Alert>}
      {field(t('form.notes'), r.notes)}
      {field(t('form.diagnosis'), r.icd10 ? `${r.diagnosis} (ICD-10 ${r.icd10.code} — ${r.icd10.label})` : r.diagnosis)}
      {field(t('form.plan'), r.plan)}
      {field(t('form.patientSummary'), r.patientSummary)}
      {visit.signature && (
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          SHA-256 {visit.signature.contentHash}
        </Text>
      )}
    </Stack>
  );
}
