// /profile/notifications: which events reach the person, on which channels,
// the daily digest, and web push on this device (clinicians).
import { Alert, Button, Card, Checkbox, Group, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationKind } from '../../../contracts/notifications/index.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { useSession, type Role } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { NOTIFICATION_KEYS, notificationsApi, type NotificationPreferences } from './api.ts';
import { currentPushSubscription, disablePush, enablePush, pushSupported } from './push-client.ts';

const KINDS_FOR: Record<Role, NotificationKind[]> = {
  requester: ['case_claimed', 'question_asked', 'answer_signed', 'deadline_reminder', 'photo_refused', 'visit_report_ready', 'visit_no_show'],
  dermatologist: ['case_submitted', 'case_reassigned', 'question_answered', 'answer_acknowledged', 'case_withdrawn', 'deadline_reminder', 'deadline_missed', 'appointment_booked', 'appointment_cancelled'],
  coordinator: ['deadline_missed'],
  pharmacist: [],
  patient: [],
};
const CHANNELS = ['inApp', 'email', 'push'] as const;

type PushState = 'loading' | 'on' | 'off' | 'denied' | 'unsupported';
const initialPushState = (): PushState => (!pushSupported() ? 'unsupported' : Notification.permission === 'denied' ? 'denied' : 'loading');

function PushCard() {
  const { t } = useTranslation('notifications');
  const [state, setState] = useState<PushState>(initialPushState);
  useEffect(() => {
    if (state !== 'loading') return;
    let live = true;
    void currentPushSubscription().then((s) => live && setState(s ? 'on' : 'off'));
    return () => {
      live = false;
    };
  }, [state]);
  const toggle = useMutation({
    mutationFn: async () => (state === 'on' ? (await disablePush(), 'off' as const) : enablePush()),
    onSuccess: (next) => setState(next),
  });
  return (
    <Card withBorder padding="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('preferences.pushTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('preferences.pushHint')}
        </Text>
        {state === 'unsupported' && <Text role="status">{t('preferences.pushUnsupported')}</Text>}
        {state === 'denied' && <Text role="status">{t('preferences.pushDenied')}</Text>}
        {(state === 'on' || state === 'off') && (
          <Group justify="space-between">
            <Text role="status">{t(state === 'on' ? 'preferences.pushOn' : 'preferences.pushOff')}</Text>
            <Button variant={state === 'on' ? 'default' : 'filled'} onClick={() => toggle.mutate()} loading={toggle.isPending}>
              {t(state === 'on' ? 'preferences.pushDisable' : 'preferences.pushEnable')}
            </Button>
          </Group>
        )}
        <ErrorNotice error={toggle.error} />
      </Stack>
    </Card>
  );
}

export function NotificationPreferencesPage() {
  const { t } = useTranslation('notifications');
  const { data: session } = useSession();
  const queryClient = useQueryClient();
  const prefs = useQuery({ queryKey: NOTIFICATION_KEYS.preferences, queryFn: notificationsApi.preferences });
  // The person's edits over the saved preferences (null: nothing changed yet).
  const [edited, setDraft] = useState<NotificationPreferences | null>(null);
  const save = useMutation({
    mutationFn: (body: NotificationPreferences) => notificationsApi.savePreferences(body),
    onSuccess: (saved) => {
      queryClient.setQueryData(NOTIFICATION_KEYS.preferences, saved);
      setDraft(null);
    },
  });

  const draft = edited ?? prefs.data;
  if (!draft) return prefs.error ? <ErrorNotice error={prefs.error} /> : <PageSkeleton />;
  const role = session?.role ?? 'requester';
  const kinds = KINDS_FOR[role];
  const set = (kind: NotificationKind, channel: (typeof CHANNELS)[number], value: boolean) =>
    setDraft({ ...draft, events: { ...draft.events, [kind]: { ...draft.events[kind], [channel]: value } } });

  return (
    <Stack gap="lg" maw={820}>
      <Stack gap={4}>
        <Title order={1}>{t('preferences.title')}</Title>
        <Text c="dimmed">{t('preferences.intro')}</Text>
      </Stack>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(draft);
        }}
      >
        <Stack gap="md">
          {kinds.length > 0 && (
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('preferences.event')}</Table.Th>
                  {CHANNELS.map((c) => (
                    <Table.Th key={c} scope="col" ta="center">
                      {t(`preferences.${c}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {kinds.map((kind) => (
                  <Table.Tr key={kind}>
                    <Table.Th scope="row" fw={400}>
                      {t(`kind.${kind}`)}
                    </Table.Th>
                    {CHANNELS.map((c) => (
                      <Table.Td key={c}>
                        <Group justify="center">
                          <Checkbox
                            size="md"
                            checked={draft.events[kind][c]}
                            onChange={(e) => set(kind, c, e.currentTarget.checked)}
                            aria-label={t('preferences.channelFor', { channel: t(`preferences.${c}`), event: t(`kind.${kind}`) })}
                          />
                        </Group>
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Switch
            checked={draft.emailDigest}
            onChange={(e) => setDraft({ ...draft, emailDigest: e.currentTarget.checked })}
            label={t('preferences.digestLabel')}
            description={t('preferences.digestHint')}
          />
          <ErrorNotice error={save.error} />
          {save.isSuccess && (
            <Alert color="green" role="status">
              {t('preferences.saved')}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('preferences.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      {role === 'patient' ? <Text role="status">{t('preferences.pushPatients')}</Text> : <PushCard />}
    </Stack>
  );
}
