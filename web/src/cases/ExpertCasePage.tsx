// The dermatologist's case page (desktop): photos are the largest thing, the
// clinical history beside them; claim/release/reassign, ask the requester a
// question, answer with a template and sign, then straight to the next case.
import { ActionIcon, Alert, Anchor, Badge, Button, Card, Grid, Group, Kbd, Modal, Select, Stack, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { AddendumBody } from '../../../contracts/cases/answer.ts';
import type { CaseDetail } from '../../../contracts/cases/case.ts';
import { TRIAGE_OUTCOMES, type TriageOutcome } from '../../../contracts/clinical/triage.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { useSession } from '../app/session.ts';
import { addAddendum, askQuestion, casesKeys, claimCase, reassignCase, releaseCase, reportUrl, useQueue, useRoutingOptions, type QueueFilters } from './api.ts';
import { AnswerForm, type AnswerFormHandle } from './AnswerForm.tsx';
import { formatDate, PriorityBadge, StateBadge, TimeLeft } from './CaseBits.tsx';
import { AnswerView, CaseTimeline, OutcomeLine, RequestSummary, Thread } from './CaseParts.tsx';
import { useClinicalLabels } from './clinical-labels.ts';
import { ExpertPhotoSlot } from './PhotoSlot.tsx';
import { QUEUE_FILTERS_KEY } from './QueuePage.tsx';
import { ShortcutsModal, useShortcuts } from './shortcuts.tsx';
import { WithdrawnNotice } from './WithdrawCase.tsx';
import { currentLanguage } from '../i18n/index.ts';

function AddendumForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation('cases');
  const tc = useClinicalLabels();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<TriageOutcome | null>(null);
  const mutation = useMutation({
    mutationFn: () => {
      const body: AddendumBody = { text };
      if (outcome) body.outcome = outcome;
      return addAddendum(caseId, body);
    },
    onSuccess: async () => {
      setOpen(false);
      setText('');
      setOutcome(null);
      await queryClient.invalidateQueries({ queryKey: casesKeys.detail(caseId) });
    },
  });
  if (!open)
    return (
      <Button variant="default" size="sm" onClick={() => setOpen(true)} style={{ alignSelf: 'flex-start' }}>
        {t('addendum.add')}
      </Button>
    );
  return (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <Textarea label={t('addendum.text')} description={t('addendum.hint')} autosize minRows={3} value={text} onChange={(e) => setText(e.currentTarget.value)} data-autofocus />
        <Select
          label={t('addendum.outcome')}
          clearable
          placeholder={t('addendum.outcomeUnchanged')}
          value={outcome}
          onChange={(v) => setOutcome(v as TriageOutcome | null)}
          data={TRIAGE_OUTCOMES.map((o) => ({ value: o, label: tc(`triageOutcome.${o}`) }))}
        />
        <ErrorNotice error={mutation.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>
          <Button disabled={!text.trim()} loading={mutation.isPending} onClick={() => mutation.mutate()}>
            {t('addendum.sign')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

// The photo viewer (web/src/photos/PhotoViewer.tsx) steps on this event; not imported, to keep it lazy.
const PHOTO_STEP_EVENT = 'dermlink:photo-step';

export function ExpertCasePage({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation('cases');
  const tc = useClinicalLabels();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: session } = useSession();
  const [help, setHelp] = useState(false);
  const [asking, setAsking] = useState(false);
  const [question, setQuestion] = useState('');
  const [reassigning, setReassigning] = useState(false);
  const [reassignTo, setReassignTo] = useState<string | null>(null);
  const [answerOpen, setAnswerOpen] = useState(!!detail.answerDraft);
  const [justSigned, setJustSigned] = useState(false);
  const answerRef = useRef<AnswerFormHandle>(null);
  const [filters] = useLocalStorage<QueueFilters>({ key: QUEUE_FILTERS_KEY, defaultValue: {}, getInitialValueInEffect: false });
  const queue = useQueue(filters);
  const routing = useRoutingOptions();

  const allowed = (tr: string) => detail.allowedTransitions.includes(tr as never);
  const refresh = () => queryClient.invalidateQueries({ queryKey: casesKeys.all });
  const claim = useMutation({ mutationFn: () => claimCase(detail.id), onSuccess: refresh });
  const release = useMutation({ mutationFn: () => releaseCase(detail.id), onSuccess: refresh });
  const ask = useMutation({
    mutationFn: () => askQuestion(detail.id, question),
    onSuccess: async () => {
      setAsking(false);
      setQuestion('');
      await refresh();
    },
  });
  const reassign = useMutation({
    mutationFn: () => reassignCase(detail.id, reassignTo!),
    onSuccess: async () => {
      setReassigning(false);
      await refresh();
      void navigate('/queue');
    },
  });

  const nextCase = queue.items?.find((r) => r.id !== detail.id && (r.state === 'submitted' || (r.state === 'in_review' && r.assignedDermatologist?.id === session?.user.id)));
  const goNext = () => void navigate(nextCase ? `/queue/${nextCase.id}` : '/queue');
  const colleagues = (routing.data?.services.find((s) => s.id === detail.routing.service?.id)?.dermatologists ?? []).filter((d) => d.id !== session?.user.id);

  const openAnswer = () => {
    if (!allowed('sign_answer')) return false;
    setAnswerOpen(true);
    requestAnimationFrame(() => answerRef.current?.focus());
  };
  useShortcuts((action) => {
    switch (action) {
      case 'help':
        setHelp(true);
        return;
      case 'nextPhoto':
      case 'previousPhoto':
        window.dispatchEvent(new CustomEvent(PHOTO_STEP_EVENT, { detail: action === 'nextPhoto' ? 1 : -1 }));
        return false; // let arrows scroll when no viewer handles them
      case 'answer':
        return openAnswer();
      case 'template':
        if (!allowed('sign_answer')) return false;
        setAnswerOpen(true);
        requestAnimationFrame(() => answerRef.current?.openTemplates());
        return;
      case 'sign':
        if (!answerOpen || !allowed('sign_answer')) return false;
        answerRef.current?.requestSign();
        return;
      case 'nextCase':
        goNext();
        return;
      case 'claim':
        if (!allowed('claim')) return false;
        claim.mutate();
        return;
    }
  });

  const p = detail.patient;
  const earlier = detail.earlierCases;
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Anchor component={Link} to="/queue" size="sm">
            ← {t('queue.back')}
          </Anchor>
          <Group gap="xs">
            <Title order={1} size="h3">
              {p.familyName.toUpperCase()} {p.givenName}
            </Title>
            <Text c="dimmed">{t('queue.ageSex', { age: p.age, sex: tc(`sexShort.${p.sex}`) })}</Text>
            <PriorityBadge priority={detail.priority} />
            <StateBadge state={detail.state} />
            {detail.sevenPointScore !== null && <Badge variant="outline" color="gray.7" tt="none">{t('sevenPoint.short', { score: detail.sevenPointScore })}</Badge>}
          </Group>
          <Group gap="md">
            {/* A withdrawn case has no deadline any more. */}
            {detail.state !== 'withdrawn' && <TimeLeft deadline={detail.deadline} />}
            <Text size="sm" c="dimmed">
              {t('case.from', { name: detail.requester.name, org: detail.requester.organisationName })}
              {detail.routing.assignedDermatologist ? ` · ${t('case.assignedTo', { name: detail.routing.assignedDermatologist.name })}` : ''}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs">
          {allowed('claim') && (
            <Button onClick={() => claim.mutate()} loading={claim.isPending} aria-keyshortcuts="c">
              {t('actions.claim')} <Kbd ml={6}>c</Kbd>
            </Button>
          )}
          {allowed('sign_answer') && !answerOpen && (
            <Button onClick={openAnswer} aria-keyshortcuts="a">
              {t('actions.answer')} <Kbd ml={6}>a</Kbd>
            </Button>
          )}
          {allowed('ask_question') && (
            <Button variant="default" onClick={() => setAsking(true)}>
              {t('actions.ask')}
            </Button>
          )}
          {allowed('release') && (
            <Button variant="default" onClick={() => release.mutate()} loading={release.isPending}>
              {t('actions.release')}
            </Button>
          )}
          {allowed('reassign') && colleagues.length > 0 && (
            <Button variant="default" onClick={() => setReassigning(true)}>
              {t('actions.reassign')}
            </Button>
          )}
          <Tooltip label={t('shortcuts.title')}>
            <ActionIcon variant="default" size="lg" onClick={() => setHelp(true)} aria-label={t('shortcuts.open')} aria-keyshortcuts="?">
              ?
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <ErrorNotice error={claim.error ?? release.error} />

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7, xl: 8 }}>
          <Stack gap="md">
            {detail.withdrawal && <WithdrawnNotice withdrawal={detail.withdrawal} byMe={false} />}
            <ExpertPhotoSlot caseId={detail.id} earlierCases={earlier.filter((e) => e.sameBodySite)} />
            {detail.answer ? (
              <Card withBorder padding="md">
                <Stack gap="sm">
                  <OutcomeLine outcome={detail.answer.outcome} />
                  <AnswerView answer={detail.answer} addenda={detail.addenda} />
                  <Group>
                    <Button component="a" href={reportUrl(detail.id, currentLanguage())} download variant="default" size="sm">
                      {t('case.downloadPdf')}
                    </Button>
                  </Group>
                  <AddendumForm caseId={detail.id} />
                </Stack>
              </Card>
            ) : (
              answerOpen && allowed('sign_answer') && <AnswerForm ref={answerRef} detail={detail} onSigned={() => setJustSigned(true)} />
            )}
            {(justSigned || detail.answer) && (
              <Alert color="green" role="status">
                <Group justify="space-between">
                  <Text>{justSigned ? t('answer.signedNotice') : t('answer.alreadySigned')}</Text>
                  <Button onClick={goNext} aria-keyshortcuts="n">
                    {nextCase ? t('actions.nextCase') : t('queue.back')} <Kbd ml={6}>n</Kbd>
                  </Button>
                </Group>
              </Alert>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, xl: 4 }}>
          <Stack gap="md">
            <Card withBorder padding="sm">
              <Title order={2} size="h5" mb="xs">
                {t('case.history')}
              </Title>
              <RequestSummary detail={detail} compact />
            </Card>
            <Card withBorder padding="sm">
              <Title order={2} size="h5" mb="xs">
                {t('case.earlier')}
              </Title>
              {earlier.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('case.noEarlier')}
                </Text>
              ) : (
                <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {earlier.map((e) => (
                    <li key={e.id}>
                      <Group gap="xs" wrap="nowrap">
                        {e.sameBodySite && (
                          <Badge color="#9c3b00" size="sm" tt="none">
                            {t('case.sameSite')}
                          </Badge>
                        )}
                        <Anchor component={Link} to={`/queue/${e.id}`} size="sm" fw={e.sameBodySite ? 700 : 400}>
                          {formatDate(e.submittedAt)} · {e.bodySite ? tc(`bodySite.${e.bodySite}`) : '—'}
                          {e.outcome ? ` · ${tc(`triageOutcome.${e.outcome}`)}` : ''}
                        </Anchor>
                      </Group>
                      {e.diagnosis && (
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {e.diagnosis}
                        </Text>
                      )}
                    </li>
                  ))}
                </Stack>
              )}
            </Card>
            {detail.messages.length > 0 && (
              <Card withBorder padding="sm">
                <Title order={2} size="h5" mb="xs">
                  {t('thread.title')}
                </Title>
                <Thread messages={detail.messages} />
              </Card>
            )}
            <Card withBorder padding="sm">
              <Title order={2} size="h5" mb="xs">
                {t('case.timeline')}
              </Title>
              <CaseTimeline events={detail.timeline} />
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>

      <ShortcutsModal opened={help} onClose={() => setHelp(false)} />
      <Modal opened={asking} onClose={() => setAsking(false)} closeButtonProps={{ 'aria-label': t('common.close') }} title={t('actions.ask')} centered>
        <Stack gap="sm">
          <Textarea label={t('thread.yourQuestion')} description={t('thread.questionHint')} autosize minRows={3} value={question} onChange={(e) => setQuestion(e.currentTarget.value)} data-autofocus />
          <ErrorNotice error={ask.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(false)}>
              {t('common.cancel')}
            </Button>
            <Button disabled={!question.trim()} loading={ask.isPending} onClick={() => ask.mutate()}>
              {t('thread.sendQuestion')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={reassigning} onClose={() => setReassigning(false)} closeButtonProps={{ 'aria-label': t('common.close') }} title={t('actions.reassign')} centered>
        <Stack gap="sm">
          <Select label={t('actions.reassignTo')} value={reassignTo} onChange={setReassignTo} data={colleagues.map((c) => ({ value: c.id, label: c.name }))} />
          <ErrorNotice error={reassign.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setReassigning(false)}>
              {t('common.cancel')}
            </Button>
            <Button disabled={!reassignTo} loading={reassign.isPending} onClick={() => reassign.mutate()}>
              {t('actions.reassign')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
