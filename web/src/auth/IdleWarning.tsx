// "You will be signed out in 60 s": an accessible dialog with the way to stay.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from './api.ts';
import { AuthError } from './components.tsx';

export default function IdleWarning({ expiresAt, onStay, onSignOut }: { expiresAt: number; onStay: (idleExpiresAt: string) => void; onSignOut: () => void }) {
  const { t } = useTranslation('auth');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const seconds = Math.max(0, Math.ceil((expiresAt - now) / 1000));
  const stay = useMutation({ mutationFn: authApi.keepAlive, onSuccess: (res) => onStay(res.idleExpiresAt) });
  return (
    <Modal
      opened
      onClose={() => stay.mutate()}
      title={t('idle.title')}
      centered
      closeOnClickOutside={false}
      withCloseButton={false}
      trapFocus
      returnFocus
      data-testid="idle-warning"
    >
      <Stack gap="md">
        <Text size="lg" role="timer" aria-live="off">
          {t('idle.countdown', { count: seconds })}
        </Text>
        <Text>{t('idle.why')}</Text>
        <AuthError error={stay.error} />
        <Group justify="flex-end" grow>
          <Button variant="outline" onClick={onSignOut}>
            {t('idle.signOut')}
          </Button>
          <Button onClick={() => stay.mutate()} loading={stay.isPending} data-autofocus>
            {t('idle.stay')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
