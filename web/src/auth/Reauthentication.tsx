// "Confirm it is you": a second-factor change (new authenticator app, new
// recovery codes, new passkey) on an account that already has one needs the
// password confirmed in the last 5 minutes. When the server answers
// `reauthentication_required`, this dialog asks for the password, confirms it
// (POST /api/auth/reauthenticate) and the change runs again; cancelling leaves
// the change refused, with its message.
import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useCallback, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { authApi, type ConfirmedCall } from './api.ts';
import { AuthError } from './components.tsx';

export const needsReauthentication = (error: unknown) => error instanceof ApiError && error.code === 'reauthentication_required';

interface Waiter {
  resolve: () => void;
  reject: () => void;
}

/**
 * `confirmed(call)` runs the call; on `reauthentication_required` it opens the dialog (render `dialog`) and,
 * once the password is confirmed, runs the call again. Several calls waiting at once share one dialog.
 */
export function useReauthentication(): { confirmed: ConfirmedCall; dialog: ReactNode } {
  const [opened, setOpened] = useState(false);
  // A fresh form (empty field, no old error) each time the dialog opens.
  const [round, setRound] = useState(0);
  const waiters = useRef<Waiter[]>([]);

  const confirmed = useCallback(async <T,>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (!needsReauthentication(error)) throw error;
      await new Promise<void>((resolve, reject) => {
        if (waiters.current.length === 0) setRound((r) => r + 1);
        waiters.current.push({ resolve, reject: () => reject(error) });
        setOpened(true);
      });
      return call();
    }
  }, []);

  const settle = useCallback((ok: boolean) => {
    const pending = waiters.current;
    waiters.current = [];
    setOpened(false);
    for (const w of pending) {
      if (ok) w.resolve();
      else w.reject();
    }
  }, []);

  const dialog = <ReauthenticationDialog key={round} opened={opened} onConfirmed={() => settle(true)} onCancel={() => settle(false)} />;
  return { confirmed, dialog };
}

function ReauthenticationDialog({ opened, onConfirmed, onCancel }: { opened: boolean; onConfirmed: () => void; onCancel: () => void }) {
  const { t } = useTranslation('auth');
  const [password, setPassword] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const confirm = useMutation({
    mutationFn: (value: string) => authApi.reauthenticate(value),
    onSuccess: () => {
      setPassword('');
      onConfirmed();
    },
    onError: () => {
      setPassword('');
      field.current?.focus();
    },
  });
  const wrongPassword = confirm.error instanceof ApiError && confirm.error.code === 'invalid_credentials';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password) confirm.mutate(password);
  };
  return (
    <Modal
      opened={opened}
      onClose={onCancel}
      title={t('reauth.title')}
      centered
      trapFocus
      returnFocus
      closeOnClickOutside={false}
      closeButtonProps={{ 'aria-label': t('reauth.cancel') }}
      data-testid="reauthentication"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text>{t('reauth.lead')}</Text>
          <PasswordInput
            ref={field}
            label={t('fields.password')}
            autoComplete="current-password"
            size="md"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={wrongPassword ? t('reauth.wrongPassword') : undefined}
            errorProps={{ role: 'alert' }}
            data-autofocus
          />
          {!wrongPassword && <AuthError error={confirm.error} />}
          <Group justify="flex-end">
            <Button variant="default" mih={44} onClick={onCancel}>
              {t('reauth.cancel')}
            </Button>
            <Button type="submit" mih={44} loading={confirm.isPending} disabled={!password}>
              {t('reauth.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
