// The requester withdraws a request that has not been answered yet (the patient
// was seen elsewhere, the lesion went away...), optionally saying why; and the
// notice both sides read on a withdrawn case.
import { Alert, Button, Modal, Stack, Text, Textarea, Group } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../contracts/cases/case.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { withdrawCase } from './api.ts';
import { formatDate } from './CaseBits.tsx';

const REASON_MAX = 500;

export function WithdrawCaseButton({ caseId, onWithdrawn }: { caseId: string; onWithdrawn: () => unknown }) {
  const { t } = useTranslation('cases');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () => withdrawCase(caseId, reason.trim()),
    onSuccess: async () => {
      setOpen(false);
      await onWithdrawn();
      // The notice is at the top of the page; the button was at the bottom.
      window.scrollTo({ top: 0, behavior: 'smooth' });
    },
  });
  return (
    <>
      <Button variant="outline" color="red.9" size="md" mih={44} onClick={() => setOpen(true)}>
        {t('withdraw.button')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} closeButtonProps={{ 'aria-label': t('common.close') }} title={t('withdraw.title')} centered>
        <Stack gap="sm">
          <Text>{t('withdraw.explain')}</Text>
          <Textarea
            size="md"
            autosize
            minRows={2}
            maxLength={REASON_MAX}
            label={t('withdraw.reason')}
            description={t('withdraw.reasonHint')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <ErrorNotice error={withdraw.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)} data-autofocus>
              {t('withdraw.keep')}
            </Button>
            <Button color="red" onClick={() => withdraw.mutate()} loading={withdraw.isPending}>
              {t('withdraw.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** On a withdrawn case: when, and the requester's reason if they gave one. */
export function WithdrawnNotice({ withdrawal, byMe }: { withdrawal: NonNullable<CaseDetail['withdrawal']>; byMe: boolean }) {
  const { t } = useTranslation('cases');
  return (
    <Alert color="gray" title={t(byMe ? 'withdraw.noticeMine' : 'withdraw.notice', { date: formatDate(withdrawal.at, true) })} data-testid="withdrawn-notice">
      {withdrawal.reason ? t('withdraw.noticeReason', { reason: withdrawal.reason }) : t('withdraw.noReason')}
    </Alert>
  );
}
