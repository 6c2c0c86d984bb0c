// People of the network: their roles in each organisation, adding and taking
// away a role, disabling and enabling an account. Each change is audited.
import { Alert, Badge, Button, CloseButton, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_FOR_KIND, type AdminMembership, type AdminUser } from '../../../contracts/admin/index.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice, useErrorMessage } from '../app/ErrorNotice.tsx';
import { PageSkeleton } from '../app/Shell.tsx';
import { useSession } from '../app/session.ts';
import { ADMIN_KEYS, adminApi } from './api.ts';
import { READABLE_INPUT } from './form-errors.ts';

type Pending =
  | { kind: 'remove'; user: AdminUser; membership: AdminMembership }
  | { kind: 'status'; user: AdminUser; to: 'active' | 'disabled' }
  | { kind: 'add'; user: AdminUser }
  | null;

export function PeoplePage() {
  const { t } = useTranslation('admin');
  const { data: session } = useSession();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const users = useQuery({ queryKey: ADMIN_KEYS.users(q), queryFn: () => adminApi.users(q) });
  const [pending, setPending] = useState<Pending>(null);
  const [done, setDone] = useState<string | null>(null);

  return (
    <Stack gap="lg" maw={1200}>
      <Title order={1}>{t('people.title')}</Title>
      <TextInput label={t('people.search')} description={t('people.searchHint')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} maw={420} type="search" />
      {done && (
        <Alert color="teal" variant="light" role="status" withCloseButton onClose={() => setDone(null)} closeButtonLabel={t('actions.dismiss')}>
          {done}
        </Alert>
      )}
      {users.isPending && <PageSkeleton />}
      <ErrorNotice error={users.error} />
      {users.data && users.data.users.length === 0 && <EmptyState title={q ? t('people.noMatch') : t('people.empty')} hint={q ? t('people.noMatchHint') : t('people.emptyHint')} />}
      {users.data && users.data.users.length > 0 && (
        <Table.ScrollContainer minWidth={900} type="native" tabIndex={0} role="region" aria-label={t('people.tableLabel')}>
          <Table striped verticalSpacing="xs" aria-label={t('people.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('people.name')}</Table.Th>
                <Table.Th scope="col">{t('people.email')}</Table.Th>
                <Table.Th scope="col">{t('people.roles')}</Table.Th>
                <Table.Th scope="col">{t('people.status')}</Table.Th>
                <Table.Th scope="col">{t('people.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.users.map((u) => {
                const self = u.id === session?.user.id;
                return (
                  <Table.Tr key={u.id}>
                    <Table.Th scope="row" fw={600}>
                      {u.displayName}
                      {self && (
                        <Text span size="xs" c="dimmed" ml={6}>
                          {t('people.you')}
                        </Text>
                      )}
                    </Table.Th>
                    <Table.Td>{u.email}</Table.Td>
                    <Table.Td>
                      <Stack gap={4}>
                        {u.memberships.map((m) => (
                          <Group key={m.id} gap={4} wrap="nowrap">
                            <Text size="sm">{t('people.roleAt', { role: t(`roles.${m.role}`), organisation: m.organisationName })}</Text>
                            {!self && u.memberships.length > 1 && (
                              <CloseButton
                                size="sm"
                                aria-label={t('people.removeRoleNamed', { role: t(`roles.${m.role}`), organisation: m.organisationName, name: u.displayName })}
                                onClick={() => setPending({ kind: 'remove', user: u, membership: m })}
                              />
                            )}
                          </Group>
                        ))}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={u.status} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button size="xs" variant="light" onClick={() => setPending({ kind: 'add', user: u })} aria-label={t('people.addRoleNamed', { name: u.displayName })}>
                          {t('people.addRole')}
                        </Button>
                        {!self &&
                          (u.status === 'disabled' ? (
                            <Button size="xs" variant="default" onClick={() => setPending({ kind: 'status', user: u, to: 'active' })} aria-label={t('people.enableNamed', { name: u.displayName })}>
                              {t('people.enable')}
                            </Button>
                          ) : (
                            <Button size="xs" variant="default" color="red" onClick={() => setPending({ kind: 'status', user: u, to: 'disabled' })} aria-label={t('people.disableNamed', { name: u.displayName })}>
                              {t('people.disable')}
                            </Button>
                          ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pending?.kind === 'add' && <AddRoleDialog user={pending.user} onClose={() => setPending(null)} onDone={(m) => { setPending(null); setDone(m); }} />}
      {(pending?.kind === 'remove' || pending?.kind === 'status') && <ConfirmDialog pending={pending} onClose={() => setPending(null)} onDone={(m) => { setPending(null); setDone(m); }} />}
    </Stack>
  );
}

function StatusBadge({ status }: { status: AdminUser['status'] }) {
  const { t } = useTranslation('admin');
  const color = status === 'active' ? 'teal.9' : status === 'disabled' ? 'red.9' : 'gray.7';
  const mark = status === 'active' ? '●' : status === 'disabled' ? '■' : '○';
  return (
    <Badge color={color} variant="light" leftSection={<span aria-hidden="true">{mark}</span>}>
      {t(`status.${status}`)}
    </Badge>
  );
}

function ConfirmDialog({ pending, onClose, onDone }: { pending: Exclude<Pending, null | { kind: 'add' }>; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const run = useMutation({
    mutationFn: () => (pending.kind === 'remove' ? adminApi.removeMembership(pending.membership.id) : adminApi.setStatus(pending.user.id, { status: pending.to })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
      onDone(
        pending.kind === 'remove'
          ? t('people.roleRemoved', { name: pending.user.displayName })
          : pending.to === 'disabled'
            ? t('people.disabled', { name: pending.user.displayName })
            : t('people.enabled', { name: pending.user.displayName }),
      );
    },
  });
  const title =
    pending.kind === 'remove'
      ? t('people.confirmRemoveTitle')
      : pending.to === 'disabled'
        ? t('people.confirmDisableTitle', { name: pending.user.displayName })
        : t('people.confirmEnableTitle', { name: pending.user.displayName });
  const body =
    pending.kind === 'remove'
      ? t('people.confirmRemove', { name: pending.user.displayName, role: t(`roles.${pending.membership.role}`), organisation: pending.membership.organisationName })
      : pending.to === 'disabled'
        ? t('people.confirmDisable', { name: pending.user.displayName })
        : t('people.confirmEnable', { name: pending.user.displayName });
  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('actions.close') }}>
      <Stack gap="md">
        <Text>{body}</Text>
        {run.error && (
          <Alert color="red" role="alert">
            {errorMessage(run.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('actions.cancel')}
          </Button>
          <Button color={pending.kind === 'status' && pending.to === 'active' ? undefined : 'red'} loading={run.isPending} onClick={() => run.mutate()}>
            {pending.kind === 'remove' ? t('people.removeRole') : pending.to === 'disabled' ? t('people.disable') : t('people.enable')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function AddRoleDialog({ user, onClose, onDone }: { user: AdminUser; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const organisations = useQuery({ queryKey: ADMIN_KEYS.organisations, queryFn: adminApi.organisations });
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const org = organisations.data?.organisations.find((o) => o.id === organisationId);
  const role = org ? ROLE_FOR_KIND[org.kind] : null;
  const add = useMutation({
    mutationFn: () => adminApi.addMembership(user.id, { organisationId: organisationId!, role: role! }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
      onDone(t('people.roleAdded', { name: user.displayName }));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!organisationId || !role) {
      setError(t('validation.chooseOrganisation'));
      return;
    }
    setError(null);
    add.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={t('people.addRoleTitle', { name: user.displayName })} closeButtonProps={{ 'aria-label': t('actions.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Select
            label={t('people.organisation')}
            required
            data={(organisations.data?.organisations ?? []).map((o) => ({ value: o.id, label: `${o.name} (${t(`kinds.${o.kind}`)})` }))}
            value={organisationId}
            onChange={setOrganisationId}
            searchable
            error={error} styles={READABLE_INPUT}
            comboboxProps={{ withinPortal: true }}
          />
          {role && <Text size="sm">{t('people.roleWillBe', { role: t(`roles.${role}`) })}</Text>}
          <ErrorNotice error={add.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending}>
              {t('people.addRole')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
