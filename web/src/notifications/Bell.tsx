// The bell in the shell header: unread count (accessible name "3 unread
// notifications"), the latest notifications in a popover, live via
// Server-Sent Events. Loaded lazily by the shell, after the first screen.
import { ActionIcon, Anchor, Badge, Button, Group, Popover, ScrollArea, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { NOTIFICATION_KEYS, notificationsApi, type Notification } from './api.ts';
import { describeNotification, formatWhen } from './describe.ts';
import { useLiveNotifications } from './live.ts';

function BellIcon() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

export function Bell() {
  const { t, i18n } = useTranslation('notifications');
  const [opened, setOpened] = useState(false);
  const titleId = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useLiveNotifications(true);
  // The live stream keeps this current; a slow poll covers a stream that could not connect.
  const unread = useQuery({ queryKey: NOTIFICATION_KEYS.unread, queryFn: notificationsApi.unread, refetchInterval: 120_000 });
  const latest = useQuery({ queryKey: ['notifications', 'latest'], queryFn: notificationsApi.latest, enabled: opened });
  const count = unread.data?.unread ?? 0;

  const refresh = (result: { unread: number }) => {
    queryClient.setQueryData(NOTIFICATION_KEYS.unread, result);
    void queryClient.invalidateQueries({ queryKey: NOTIFICATION_KEYS.all });
  };
  const markAll = useMutation({ mutationFn: notificationsApi.markAllRead, onSuccess: refresh });
  const open = useMutation({
    mutationFn: async (n: Notification) => (n.readAt ? { unread: count } : notificationsApi.markRead(n.id)),
    onSuccess: (result, n) => {
      refresh(result);
      setOpened(false);
      if (n.link) void navigate(n.link);
    },
  });

  const label = t('bell.label', { count });
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} withinPortal trapFocus shadow="md">
      <Popover.Target>
        <ActionIcon variant="subtle" color="gray" size={44} aria-label={label} onClick={() => setOpened((o) => !o)} pos="relative">
          <BellIcon />
          {count > 0 && (
            // The count is in the button's accessible name; the badge is for the eye.
            <Badge size="xs" circle color="red.9" pos="absolute" top={2} right={0} aria-hidden="true" style={{ pointerEvents: 'none' }}>
              {count > 99 ? '99+' : count}
            </Badge>
          )}
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown aria-labelledby={titleId}>
        <Stack gap="xs">
          <Group justify="space-between" wrap="nowrap">
            <Text fw={700} id={titleId}>
              {t('bell.title')}
            </Text>
            <Button variant="subtle" size="compact-sm" onClick={() => markAll.mutate()} disabled={count === 0} loading={markAll.isPending}>
              {t('bell.markAllRead')}
            </Button>
          </Group>
          <ErrorNotice error={latest.error ?? markAll.error ?? open.error} />
          {latest.isPending ? (
            <Stack gap={6} aria-busy="true">
              <Skeleton height={40} />
              <Skeleton height={40} />
            </Stack>
          ) : latest.data && latest.data.items.length === 0 ? (
            <Text c="dimmed" size="sm" role="status" py="sm">
              {t('bell.empty')}
            </Text>
          ) : (
            <ScrollArea.Autosize mah={360}>
              <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {latest.data?.items.map((n) => {
                  const { title, detail } = describeNotification(t, n);
                  return (
                    <li key={n.id}>
                      <UnstyledButton onClick={() => open.mutate(n)} w="100%" p="xs" style={{ borderRadius: 6, minHeight: 44 }} className="dl-notification-item">
                        <Group gap="xs" wrap="nowrap" align="flex-start">
                          {!n.readAt && (
                            <Badge size="xs" variant="filled" color="blue" mt={4}>
                              {t('page.unread')}
                            </Badge>
                          )}
                          <Stack gap={0}>
                            <Text size="sm" fw={n.readAt ? 400 : 650}>
                              {title}
                            </Text>
                            {detail && (
                              <Text size="xs" c="dimmed">
                                {detail}
                              </Text>
                            )}
                            <Text size="xs" c="dimmed">
                              {formatWhen(n.createdAt, i18n.language)}
                            </Text>
                          </Stack>
                        </Group>
                      </UnstyledButton>
                    </li>
                  );
                })}
              </Stack>
            </ScrollArea.Autosize>
          )}
          <Group justify="space-between">
            <Anchor component={Link} to="/notifications" size="sm" onClick={() => setOpened(false)}>
              {t('bell.seeAll')}
            </Anchor>
            <Anchor component={Link} to="/profile/notifications" size="sm" onClick={() => setOpened(false)}>
              {t('bell.preferences')}
            </Anchor>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

export default Bell;
