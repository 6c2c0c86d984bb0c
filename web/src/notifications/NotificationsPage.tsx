// /notifications: every notification of the signed-in person, newest first,
// with read state (a word, not only a colour), mark read, and older pages.
import { Anchor, Badge, Button, Card, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { PageSkeleton } from '../app/Shell.tsx';
import { NOTIFICATION_KEYS, notificationsApi } from './api.ts';
import { describeNotification, formatWhen } from './describe.ts';

export function NotificationsPage() {
  const { t, i18n } = useTranslation('notifications');
  const [unreadOnly, setUnreadOnly] = useState(false);
  const queryClient = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: NOTIFICATION_KEYS.list(unreadOnly),
    queryFn: ({ pageParam }) => notificationsApi.list(unreadOnly, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const done = (result: { unread: number }) => {
    queryClient.setQueryData(NOTIFICATION_KEYS.unread, result);
    void queryClient.invalidateQueries({ queryKey: NOTIFICATION_KEYS.all });
  };
  const markRead = useMutation({ mutationFn: notificationsApi.markRead, onSuccess: done });
  const markAll = useMutation({ mutationFn: notificationsApi.markAllRead, onSuccess: done });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;

  return (
    <Stack gap="md" maw={820}>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('page.title')}</Title>
        <Anchor component={Link} to="/profile/notifications">
          {t('page.settings')}
        </Anchor>
      </Group>
      <Group justify="space-between">
        <Switch label={t('page.unreadOnly')} checked={unreadOnly} onChange={(e) => setUnreadOnly(e.currentTarget.checked)} />
        <Button variant="light" onClick={() => markAll.mutate()} disabled={unread === 0} loading={markAll.isPending}>
          {t('page.markAllRead')}
        </Button>
      </Group>
      <ErrorNotice error={list.error ?? markRead.error ?? markAll.error} />
      {list.isPending ? (
        <PageSkeleton />
      ) : items.length === 0 ? (
        <EmptyState title={t(unreadOnly ? 'page.emptyUnreadTitle' : 'page.emptyTitle')} hint={t(unreadOnly ? 'page.emptyUnreadHint' : 'page.emptyHint')} />
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((n) => {
            const { title, detail } = describeNotification(t, n);
            return (
              <Card key={n.id} component="li" withBorder padding="sm">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={2}>
                    <Group gap="xs">
                      <Badge variant={n.readAt ? 'outline' : 'filled'} color={n.readAt ? 'gray' : 'blue'} size="sm">
                        {n.readAt ? t('page.read') : t('page.unread')}
                      </Badge>
                      <Text fw={n.readAt ? 400 : 650}>{title}</Text>
                    </Group>
                    {detail && (
                      <Text size="sm" c="dimmed">
                        {detail}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {formatWhen(n.createdAt, i18n.language)}
                    </Text>
                  </Stack>
                  <Group gap="xs" wrap="nowrap">
                    {!n.readAt && (
                      <Button variant="subtle" size="compact-md" onClick={() => markRead.mutate(n.id)}>
                        {t('page.markRead')}
                      </Button>
                    )}
                    {n.link && (
                      <Button component={Link} to={n.link} size="compact-md" onClick={() => !n.readAt && markRead.mutate(n.id)}>
                        {t('page.open')}
                      </Button>
                    )}
                  </Group>
                </Group>
              </Card>
            );
          })}
        </Stack>
      )}
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('page.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
