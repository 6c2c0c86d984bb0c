// The requester's case page. Answered: it opens ON the answer, the outcome in
// one line at the top; then the PDF, acknowledge, the thread, the request and
// the timeline. A question from the dermatologist: the reply box comes first.
import { Alert, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { CaseDetail } from '../../../contracts/cases/case.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { acknowledgeCase, casesKeys, replyToQuestion, reportUrl } from './api.ts';
import { formatDate, StateBadge, TimeLeft } from './CaseBits.tsx';
import { AnswerView, CaseTimeline, OutcomeLine, RequestSummary, Thread } from './CaseParts.tsx';
import { PatientLine } from './NewCasePage.tsx';
import { PhotoSlot } from './PhotoSlot.tsx';
import { ReleaseToPatientButton } from '../patient/ReleaseToPatientButton.tsx';
import { CaseBookingLink } from '../appointments/CaseBookingLink.tsx';
import { WithdrawCaseButton, WithdrawnNotice } from './WithdrawCase.tsx';
import './cases.css';

export function RequesterCasePage({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation('cases');
  const queryClient = useQueryClient();
  const location = useLocation();
  const justSubmitted = (location.state as { justSubmitted?: boolean } | null)?.justSubmitted;
  const [reply, setReply] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: casesKeys.all });
  const acknowledge = useMutation({ mutationFn: () => acknowledgeCase(detail.id), onSuccess: refresh });
  const answerQuestion = useMutation({
    mutationFn: () => replyToQuestion(detail.id, reply),
    onSuccess: async () => {
      setReply('');
      await refresh();
    },
  });
  const canAck = detail.allowedTransitions.includes('acknowledge');
  const canReply = detail.allowedTransitions.includes('answer_question');
  const canWithdraw = detail.allowedTransitions.includes('withdraw');
  const hasReport = !!detail.answer;

  return (
    <Stack gap="md" maw={640} mx="auto">
      {detail.answer && <OutcomeLine outcome={detail.addenda.findLast((a) => a.outcome)?.outcome ?? detail.answer.outcome} />}
      <Group justify="space-between" align="center" gap="xs">
        <Title order={1} size="h3">
          {detail.answer ? t('case.answerTitle') : t('case.requestTitle')}
        </Title>
        <StateBadge state={detail.state} />
      </Group>
      <PatientLine patient={detail.patient} />
      {detail.answer && <ReleaseToPatientButton caseId={detail.id} />}
      {detail.answer && (
        <CaseBookingLink caseId={detail.id} patientId={detail.patient.id} suggested={(detail.addenda.findLast((x) => x.outcome)?.outcome ?? detail.answer.outcome) === 'teleconsultation'} />
      )}
      {detail.withdrawal && <WithdrawnNotice withdrawal={detail.withdrawal} byMe />}
      {justSubmitted && detail.state === 'submitted' && (
        <Alert color="green" role="status">
          {t('case.submitted', { date: formatDate(detail.deadline.at) })}
        </Alert>
      )}

      {canReply && (
        <Card withBorder padding="md" bg="var(--mantine-color-orange-light)">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('thread.questionForYou')}
            </Title>
            <Thread messages={detail.messages} />
            <Textarea size="md" autosize minRows={3} label={t('thread.yourReply')} value={reply} onChange={(e) => setReply(e.currentTarget.value)} />
            <Text size="sm" c="dimmed">
              {t('thread.addPhotosHint')}
            </Text>
            <PhotoSlot caseId={detail.id} editable />
            <ErrorNotice error={answerQuestion.error} />
            <Button size="lg" fullWidth disabled={!reply.trim()} loading={answerQuestion.isPending} onClick={() => answerQuestion.mutate()}>
              {t('thread.send')}
            </Button>
          </Stack>
        </Card>
      )}

      {detail.answer ? (
        <Card withBorder padding="md">
          <AnswerView answer={detail.answer} addenda={detail.addenda} />
        </Card>
      ) : (
        detail.deadline.at &&
        !['acknowledged', 'withdrawn'].includes(detail.state) && (
          <Text>
            {t('case.expectedBy', { date: formatDate(detail.deadline.at) })} · <TimeLeft deadline={detail.deadline} />
          </Text>
        )
      )}

      {hasReport && (
        <Button component="a" href={reportUrl(detail.id, currentLanguage())} download variant="outline" size="md" mih={44}>
          {t('case.downloadPdf')}
        </Button>
      )}

      {!canReply && detail.messages.length > 0 && (
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('thread.title')}
          </Title>
          <Thread messages={detail.messages} />
        </Stack>
      )}

      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('case.yourRequest')}
        </Title>
        <Card withBorder padding="md">
          <RequestSummary detail={detail} />
        </Card>
        <PhotoSlot caseId={detail.id} />
      </Stack>

      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('case.timeline')}
        </Title>
        <CaseTimeline events={detail.timeline} />
      </Stack>

      <ErrorNotice error={acknowledge.error} />
      {canAck ? (
        <div className="thumb-bar">
          <Button size="lg" fullWidth loading={acknowledge.isPending} onClick={() => acknowledge.mutate()}>
            {t('case.acknowledge')}
          </Button>
        </div>
      ) : detail.state === 'acknowledged' ? (
        <Text c="dimmed">{t('case.acknowledgedOn', { date: formatDate(detail.acknowledgedAt, true) })}</Text>
      ) : (
        <Group justify="space-between">
          <Button component={Link} to="/cases" variant="subtle">
            {t('case.backToList')}
          </Button>
          {canWithdraw && <WithdrawCaseButton caseId={detail.id} onWithdrawn={refresh} />}
        </Group>
      )}
    </Stack>
  );
}
