// Coordinator: invite a clinician into an organisation of the network with a
// role, and see the invitations not yet accepted. Desktop, dense.
import { Alert, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import type { AdminOrganisationList } from '../../../contracts/admin/organisations.ts';
import type { MembershipRole } from '../../../contracts/auth/session.ts';
import { authApi } from './api.ts';
import { AuthError } from './components.tsx';

const ROLE_FOR_KIND: Record<string, MembershipRole> = { gp_practice: 'requester', dermatology_service: 'dermatologist', network_office: 'coordinator', pharmacy: 'pharmacist' };
const ROLES: MembershipRole[] = ['requester', 'dermatologist', 'coordinator', 'pharmacist'];
const INVITATIONS_KEY = ['auth', 'invitations'] as const;

export default function NetworkInvitationsPage() {
  const { t } = useTranslation('auth');
  const queryClient = useQueryClient();
  const organisations = useQuery({ queryKey: ['admin', 'organisations'], queryFn: () => get<AdminOrganisationList>('/api/admin/organisations') });
  const invitations = useQuery({ queryKey: INVITATIONS_KEY, queryFn: authApi.invitations });
  const [email, setEmail] = useState('');
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  const [role, setRole] = useState<MembershipRole | null>(null);
  const [locale, setLocale] = useState<'fr' | 'en'>(currentLanguage());
  const [sentTo, setSentTo] = useState<string | null>(null);
  const invite = useMutation({
    mutationFn: () => authApi.invite({ email: email.trim(), organisationId: organisationId!, role: role!, locale }),
    onSuccess: async (inv) => {
      setSentTo(inv.email);
      setEmail('');
      await queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY });
    },
  });
  const fields = invite.error && 'fieldErrors' in invite.error ? (invite.error as { fieldErrors: Record<string, string> }).fieldErrors : {};
  const fmt = new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSentTo(null);
    invite.mutate();
  };

  return (
    <Stack gap="xl" maw={1000}>
      <Title order={1}>{t('invite.title')}</Title>
      <form onSubmit={submit} noValidate aria-labelledby="invite-form-title">
        <Stack gap="md">
          <Title order={2} size="h3" id="invite-form-title">
            {t('invite.formTitle')}
          </Title>
          <Group align="start" grow wrap="wrap">
            <TextInput label={t('fields.email')} type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fields.email ? t('invite.emailInvalid') : undefined} miw={240} />
            <Select
              label={t('invite.organisation')}
              required
              miw={240}
              placeholder={organisations.isPending ? t('invite.loading') : t('invite.choose')}
              data={(organisations.data?.organisations ?? []).map((o) => ({ value: o.id, label: o.name }))}
              value={organisationId}
              onChange={(id) => {
                setOrganisationId(id);
                const kind = organisations.data?.organisations.find((o) => o.id === id)?.kind;
                if (kind && ROLE_FOR_KIND[kind]) setRole(ROLE_FOR_KIND[kind]!);
              }}
              searchable
            />
            <Select
              label={t('invite.role')}
              required
              miw={200}
              data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
              value={role}
              onChange={(r) => setRole(r as MembershipRole | null)}
              allowDeselect={false}
            />
            <Select
              label={t('invite.language')}
              miw={140}
              data={[
                { value: 'fr', label: 'Français' },
                { value: 'en', label: 'English' },
              ]}
              value={locale}
              onChange={(l) => setLocale((l as 'fr' | 'en' | null) ?? 'fr')}
              allowDeselect={false}
            />
          </Group>
          <AuthError error={organisations.error ?? invite.error} />
          {sentTo && (
            <Alert color="teal" variant="light" role="status">
              {t('invite.sent', { email: sentTo })}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={invite.isPending} disabled={!email.trim() || !organisationId || !role}>
              {t('invite.send')}
            </Button>
          </Group>
        </Stack>
      </form>

      <Stack gap="sm" component="section" aria-labelledby="pending-title">
        <Title order={2} size="h3" id="pending-title">
          {t('invite.pending')}
        </Title>
        {invitations.isPending && <PageSkeleton />}
        <AuthError error={invitations.error} />
        {invitations.data && invitations.data.invitations.length === 0 && <EmptyState title={t('invite.none')} hint={t('invite.noneHint')} />}
        {invitations.data && invitations.data.invitations.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table striped verticalSpacing="xs" aria-labelledby="pending-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.email')}</Table.Th>
                  <Table.Th>{t('invite.organisation')}</Table.Th>
                  <Table.Th>{t('invite.role')}</Table.Th>
                  <Table.Th>{t('invite.invitedBy')}</Table.Th>
                  <Table.Th>{t('invite.expires')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {invitations.data.invitations.map((inv) => (
                  <Table.Tr key={inv.id}>
                    <Table.Td>{inv.email}</Table.Td>
                    <Table.Td>{inv.organisationName}</Table.Td>
                    <Table.Td>{t(`roles.${inv.role}`)}</Table.Td>
                    <Table.Td>{inv.invitedBy.displayName}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{fmt.format(new Date(inv.expiresAt))}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Stack>
  );
}
