// Several memberships (organisations and roles): pick the one to work as now.
import { Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../app/session.ts';
import { authApi } from './api.ts';
import { AuthError, AuthPage, useCompleteSignIn } from './components.tsx';

export function MembershipChooser({ session }: { session: SessionInfo }) {
  const { t } = useTranslation('auth');
  const complete = useCompleteSignIn();
  const choose = useMutation({
    mutationFn: (membershipId: string) => authApi.switchMembership(membershipId),
    onSuccess: (s) => complete(s),
  });
  return (
    <AuthPage title={t('choose.title')} lead={t('choose.lead')}>
      <Stack gap="sm" role="list">
        {session.memberships.map((m) => (
          <div role="listitem" key={m.id}>
            <Button
              variant="outline"
              size="lg"
              fullWidth
              h="auto"
              py="sm"
              justify="flex-start"
              loading={choose.isPending && choose.variables === m.id}
              onClick={() => choose.mutate(m.id)}
              styles={{ label: { whiteSpace: 'normal', textAlign: 'start', display: 'block' } }}
            >
              <Text fw={600} component="span" display="block">
                {m.organisationName}
              </Text>
              <Text size="sm" component="span" display="block">
                {t(`roles.${m.role}`)}
                {session.organisation?.id === m.organisationId && session.role === m.role ? ` · ${t('choose.current')}` : ''}
              </Text>
            </Button>
          </div>
        ))}
      </Stack>
      <AuthError error={choose.error} />
    </AuthPage>
  );
}
