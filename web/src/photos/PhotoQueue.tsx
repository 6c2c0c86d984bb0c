// The visible upload queue: one plain status line ("3 photos waiting for
// network", "Uploading 2 of 3", "All photos sent") and, per photo, its
// progress, state in words, the server's verdict, and Retry / Remove.
import { Badge, Button, Card, Group, Image, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { progressShare, queueStatus } from './pending-store.ts';
import type { QueueEntry } from './upload-queue.ts';
import { useObjectUrl } from './useObjectUrl.ts';
import { useUploadQueue } from './useUploadQueue.ts';

const STATE_COLOR: Record<QueueEntry['state'], string> = {
  waiting: 'gray.7',
  uploading: 'blue.9',
  processing: 'blue.9',
  ready: 'teal.9',
  refused: 'red.9',
  failed: 'red.9',
};

function QueueRow({ entry, onRetry, onRemove }: { entry: QueueEntry; onRetry: () => void; onRemove: () => void }) {
  const { t } = useTranslation('photos');
  const { t: te } = useTranslation('errors');
  const url = useObjectUrl(entry.blob);
  const tag = t(`tags.${entry.tag}`);
  const percent = Math.round(progressShare(entry.bytesSent, entry.bytesTotal) * 100);
  const reasons = entry.serverReasons.map((r) => t(`check.reasons.${r}`)).join(' · ');
  return (
    <Group wrap="nowrap" align="flex-start" gap="sm" data-testid="queue-item" data-state={entry.state}>
      {url && <Image src={url} alt={t('queue.thumbAlt', { tag })} w={56} h={56} radius="sm" fit="cover" />}
      <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Group gap="xs" justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm" truncate>
            {tag}
          </Text>
          <Badge color={STATE_COLOR[entry.state]} variant="outline" tt="none">
            {t(`queue.state.${entry.state}`)}
          </Badge>
        </Group>
        {(entry.state === 'uploading' || entry.state === 'waiting') && (
          <Progress value={percent} size="sm" aria-label={t('queue.progress', { percent })} transitionDuration={0} />
        )}
        {entry.state === 'uploading' && (
          <Text size="xs" c="dimmed">
            {t('queue.progress', { percent })}
          </Text>
        )}
        {entry.state === 'ready' && (
          <Text size="xs">
            {entry.serverVerdict && entry.serverVerdict !== 'good' ? t('queue.serverRetake', { reasons }) : t('queue.serverGood')}
          </Text>
        )}
        {(entry.state === 'refused' || entry.state === 'failed') && entry.errorCode && (
          <Text size="xs" c="red.9" role="alert">
            {te(entry.errorCode, { defaultValue: te('internal') })}
          </Text>
        )}
        {(entry.state === 'failed' || entry.state === 'waiting' || entry.state === 'refused') && (
          <Group gap="xs">
            {entry.state === 'failed' && (
              <Button size="compact-md" variant="light" onClick={onRetry} aria-label={t('queue.retryLabel', { tag })} mih={44}>
                {t('queue.retry')}
              </Button>
            )}
            <Button size="compact-md" variant="subtle" color="red" onClick={onRemove} aria-label={t('queue.removeLabel', { tag })} mih={44}>
              {t('queue.remove')}
            </Button>
          </Group>
        )}
      </Stack>
    </Group>
  );
}

export interface PhotoQueueProps {
  /** Only this case's (or this appointment's) photos; all of them when both are omitted. */
  caseId?: string;
  appointmentId?: string;
  /** Hide the component when nothing is queued (default true). */
  hideWhenEmpty?: boolean;
}

export function PhotoQueue({ caseId, appointmentId, hideWhenEmpty = true }: PhotoQueueProps) {
  const { t } = useTranslation('photos');
  const { queue, items, online } = useUploadQueue(caseId, appointmentId);
  const status = queueStatus(items, online);
  if (hideWhenEmpty && items.length === 0) return null;
  const line =
    status.key === 'empty' || status.key === 'allSent'
      ? t(`queue.status.${status.key}`)
      : status.key === 'uploading'
        ? t('queue.status.uploading', { current: status.current, total: status.total })
        : t(`queue.status.${status.key}`, { count: status.count });
  return (
    <Card withBorder padding="sm" data-testid="photo-queue">
      <Stack gap="sm">
        <Text fw={600} role="status" aria-live="polite" data-testid="photo-queue-status">
          {line}
        </Text>
        {items.map((entry) => (
          <QueueRow key={entry.id} entry={entry} onRetry={() => queue.retry(entry.id)} onRemove={() => void queue.discard(entry.id)} />
        ))}
      </Stack>
    </Card>
  );
}
