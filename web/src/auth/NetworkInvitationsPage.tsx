// Coordinator: invite a clinician into an organisation of the network with a
// role, and see the invitations not yet accepted: send one again (a fresh
// link, the earlier one stops working) or revoke it (after a confirmation).
// Desktop, dense.
import { Alert, Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get } from '../api/client.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import type { AdminOrganisationList } from '../../../contracts/admin/organisations.ts';
import type { MembershipRole } from '../../../contracts/auth/session.ts';
import { authApi, type Invitation } from './api.ts';
import { ALERT_STYLES, AuthError, useAuthErrorMessage } from './components.tsx';

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
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const actionErrorMessage = useInvitationActionError();
  const invite = useMutation({
    mutationFn: () => authApi.invite({ email: email.trim(), organisationId: organisationId!, role: role!, locale }),
    onSuccess: async (inv) => {
      setSentTo(inv.email);
      setEmail('');
      await queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY });
    },
  });
  const resend = useMutation({
    mutationFn: (inv: Invitation) => authApi.resendInvitation(inv.id),
    onMutate: () => {
      setNotice(null);
      setActionError(null);
    },
    onSuccess: async (inv) => {
      setNotice(t('invite.resent', { email: inv.email }));
      await queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY });
    },
    onError: async (error, inv) => {
      setActionError(actionErrorMessage(error, inv.email));
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
        {notice && (
          <Alert color="teal" variant="light" role="status" withCloseButton onClose={() => setNotice(null)} closeButtonLabel={t('invite.dismiss')} styles={ALERT_STYLES}>
            {notice}
          </Alert>
        )}
        {actionError && (
          <Alert color="red" variant="light" role="alert" withCloseButton onClose={() => setActionError(null)} closeButtonLabel={t('invite.dismiss')} styles={ALERT_STYLES}>
            {actionError}
          </Alert>
        )}
        {invitations.isPending && <PageSkeleton />}
        <AuthError error={invitations.error} />
        {invitations.data && invitations.data.invitations.length === 0 && <EmptyState title={t('invite.none')} hint={t('invite.noneHint')} />}
        {invitations.data && invitations.data.invitations.length > 0 && (
          <Table.ScrollContainer minWidth={860}>
            <Table striped verticalSpacing="xs" aria-labelledby="pending-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.email')}</Table.Th>
                  <Table.Th>{t('invite.organisation')}</Table.Th>
                  <Table.Th>{t('invite.role')}</Table.Th>
                  <Table.Th>{t('invite.invitedBy')}</Table.Th>
                  <Table.Th>{t('invite.expires')}</Table.Th>
                  <Table.Th>{t('invite.actions')}</Table.Th>
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
                      {inv.status === 'expired' ? (
                        <Group gap={6} wrap="nowrap">
                          <Badge color="gray.7" variant="light">
                            {t('invite.expired')}
                          </Badge>
                          <Text size="sm">{fmt.format(new Date(inv.expiresAt))}</Text>
                        </Group>
                      ) : (
                        <Text size="sm">{fmt.format(new Date(inv.expiresAt))}</Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          loading={resend.isPending && resend.variables?.id === inv.id}
                          disabled={resend.isPending && resend.variables?.id !== inv.id}
                          onClick={() => resend.mutate(inv)}
                          aria-label={t('invite.resendNamed', { email: inv.email })}
                        >
                          {t('invite.resend')}
                        </Button>
                        <Button
                          size="xs"
                          variant="outline"
                          color="red.9"
                          onClick={() => {
                            setNotice(null);
                            setActionError(null);
                            setRevoking(inv);
                          }}
                          aria-label={t('invite.revokeNamed', { email: inv.email })}
                        >
                          {t('invite.revoke')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      {revoking && (
        <RevokeDialog
          invitation={revoking}
          onClose={() => setRevoking(null)}
          onDone={(message) => {
            setRevoking(null);
            setNotice(message);
          }}
        />
      )}
    </Stack>
  );
}

/** What went wrong with a resend or a revoke, said for this invitation (accepted or revoked meanwhile, gone). */
function useInvitationActionError() {
  const { t } = useTranslation('auth');
  const generic = useAuthErrorMessage();
  return (error: unknown, email: string): string => {
    if (error instanceof ApiError && error.code === 'conflict') {
      const closed = (error.problem as Record<string, unknown> | null)?.invitation;
      if (closed === 'accepted') return t('invite.alreadyAccepted', { email });
      if (closed === 'revoked') return t('invite.alreadyRevoked', { email });
      return t('invite.alreadyMember', { email });
    }
    if (error instanceof ApiError && error.code === 'not_found') return t('invite.gone');
    return generic(error);
  };
}

function RevokeDialog({ invitation, onClose, onDone }: { invitation: Invitation; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation('auth');
  const queryClient = useQueryClient();
  const errorMessage = useInvitationActionError();
  const revoke = useMutation({
    mutationFn: () => authApi.revokeInvitation(invitation.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY });
      onDone(t('invite.revoked', { email: invitation.email }));
    },
    onError: () => queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY }),
  });
  return (
    <Modal opened onClose={onClose} title={t('invite.confirmRevokeTitle', { email: invitation.email })} closeButtonProps={{ 'aria-label': t('invite.close') }}>
      <Stack gap="md">
        <Text>{t('invite.confirmRevoke', { email: invitation.email, organisation: invitation.organisationName })}</Text>
        {revoke.error && (
          <Alert color="red" variant="light" role="alert" styles={ALERT_STYLES}>
            {errorMessage(revoke.error, invitation.email)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('invite.cancel')}
          </Button>
          <Button color="red.9" loading={revoke.isPending} onClick={() => revoke.mutate()}>
            {t('invite.revoke')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
