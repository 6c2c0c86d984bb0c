// Organisations of the network: the list with each service's deadlines, a
// form to add a practice or a service, and a dialog to edit one.
import { Alert, Button, Group, Modal, SegmentedControl, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SERVICE_SETTINGS, ServiceSettingsSchema, type AdminOrganisation } from '../../../contracts/admin/index.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { PageSkeleton } from '../app/Shell.tsx';
import { ADMIN_KEYS, adminApi } from './api.ts';
import { READABLE_INPUT, apiFieldErrors, zodFieldErrors, type FieldErrors } from './form-errors.ts';
import { ServiceSettingsFields, draftOf, settingsOf, type SettingsDraft } from './ServiceSettingsFields.tsx';

type Kind = 'gp_practice' | 'dermatology_service';

export function OrganisationsPage() {
  const { t } = useTranslation('admin');
  const list = useQuery({ queryKey: ADMIN_KEYS.organisations, queryFn: adminApi.organisations });
  const [editing, setEditing] = useState<AdminOrganisation | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  return (
    <Stack gap="xl" maw={1200}>
      <Title order={1}>{t('organisations.title')}</Title>
      {saved && (
        <Alert color="teal" variant="light" role="status" withCloseButton onClose={() => setSaved(null)} closeButtonLabel={t('actions.dismiss')}>
          {saved}
        </Alert>
      )}
      <section aria-labelledby="org-list-title">
        <Title order={2} size="h3" id="org-list-title" mb="sm">
          {t('organisations.listTitle')}
        </Title>
        {list.isPending && <PageSkeleton />}
        <ErrorNotice error={list.error} />
        {list.data && list.data.organisations.length === 0 && <EmptyState title={t('organisations.empty')} hint={t('organisations.emptyHint')} />}
        {list.data && list.data.organisations.length > 0 && (
          <Table.ScrollContainer minWidth={900} type="native" tabIndex={0} role="region" aria-label={t('organisations.listTitle')}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-labelledby="org-list-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('organisations.name')}</Table.Th>
                  <Table.Th scope="col">{t('organisations.kind')}</Table.Th>
                  <Table.Th scope="col">{t('organisations.members')}</Table.Th>
                  <Table.Th scope="col">{t('settings.routineShort')}</Table.Th>
                  <Table.Th scope="col">{t('settings.urgentShort')}</Table.Th>
                  <Table.Th scope="col">{t('settings.pauseShort')}</Table.Th>
                  <Table.Th scope="col">{t('settings.holidaysShort')}</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('organisations.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.organisations.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Th scope="row" fw={600}>
                      {o.name}
                    </Table.Th>
                    <Table.Td>{t(`kinds.${o.kind}`)}</Table.Td>
                    <Table.Td>{o.memberCount}</Table.Td>
                    <Table.Td>{o.settings ? t('settings.calendarDays', { count: o.settings.routineCalendarDays }) : '—'}</Table.Td>
                    <Table.Td>{o.settings ? t('settings.workingDays', { count: o.settings.urgentWorkingDays }) : '—'}</Table.Td>
                    <Table.Td>{o.settings ? (o.settings.pauseClockWhileAwaitingRequester ? t('settings.yes') : t('settings.no')) : '—'}</Table.Td>
                    <Table.Td>{o.settings ? t(`settings.calendar.${o.settings.holidayCalendar}`) : '—'}</Table.Td>
                    <Table.Td>
                      {o.kind !== 'network_office' && (
                        <Button size="xs" variant="light" onClick={() => setEditing(o)} aria-label={t('organisations.editNamed', { name: o.name })}>
                          {t('organisations.edit')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
      {list.data && <CreateOrganisationForm country={list.data.network.country} onCreated={(name) => setSaved(t('organisations.created', { name }))} />}
      {editing && list.data && (
        <EditOrganisationDialog
          organisation={editing}
          onClose={() => setEditing(null)}
          onSaved={(name) => {
            setEditing(null);
            setSaved(t('organisations.saved', { name }));
          }}
        />
      )}
    </Stack>
  );
}

function CreateOrganisationForm({ country, onCreated }: { country: 'FR' | 'GB'; onCreated: (name: string) => void }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('dermatology_service');
  const [name, setName] = useState('');
  const [settings, setSettings] = useState<SettingsDraft>(draftOf(DEFAULT_SERVICE_SETTINGS[country]));
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation({
    mutationFn: adminApi.createOrganisation,
    onSuccess: async (org) => {
      setName('');
      setSettings(draftOf(DEFAULT_SERVICE_SETTINGS[country]));
      setErrors({});
      onCreated(org.name);
      await queryClient.invalidateQueries({ queryKey: ADMIN_KEYS.organisations });
    },
    onError: (error) => setErrors(apiFieldErrors(error, t)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: FieldErrors = {};
    if (name.trim().length < 2 || name.trim().length > 120) next.name = t('validation.nameLength');
    let parsed: ReturnType<typeof ServiceSettingsSchema.safeParse> | null = null;
    if (kind === 'dermatology_service') {
      parsed = ServiceSettingsSchema.safeParse(settingsOf(settings));
      if (!parsed.success) Object.assign(next, zodFieldErrors(parsed.error, t, 'settings.'));
    }
    setErrors(next);
    if (Object.keys(next).length) return;
    create.mutate({ kind, name: name.trim(), ...(parsed?.success ? { settings: parsed.data } : {}) });
  };
  return (
    <section aria-labelledby="org-create-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={900}>
          <Title order={2} size="h3" id="org-create-title">
            {t('organisations.createTitle')}
          </Title>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="org-kind-label">
              {t('organisations.kind')}
            </Text>
            <SegmentedControl
              aria-labelledby="org-kind-label"
              value={kind}
              onChange={(v) => setKind(v as Kind)}
              data={[
                { value: 'dermatology_service', label: t('kinds.dermatology_service') },
                { value: 'gp_practice', label: t('kinds.gp_practice') },
              ]}
              w="fit-content"
            />
          </Stack>
          <TextInput label={t('organisations.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} styles={READABLE_INPUT} maw={480} />
          {kind === 'dermatology_service' && <ServiceSettingsFields value={settings} onChange={setSettings} errors={errors} />}
          {create.error && !Object.keys(apiFieldErrors(create.error, t)).length && <ErrorNotice error={create.error} />}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('organisations.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </section>
  );
}

function EditOrganisationDialog({ organisation, onClose, onSaved }: { organisation: AdminOrganisation; onClose: () => void; onSaved: (name: string) => void }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [name, setName] = useState(organisation.name);
  const [settings, setSettings] = useState<SettingsDraft | null>(organisation.settings ? draftOf(organisation.settings) : null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: (body: Parameters<typeof adminApi.updateOrganisation>[1]) => adminApi.updateOrganisation(organisation.id, body),
    onSuccess: async (org) => {
      await queryClient.invalidateQueries({ queryKey: ADMIN_KEYS.organisations });
      onSaved(org.name);
    },
    onError: (error) => setErrors(apiFieldErrors(error, t)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: FieldErrors = {};
    if (name.trim().length < 2 || name.trim().length > 120) next.name = t('validation.nameLength');
    let parsed: ReturnType<typeof ServiceSettingsSchema.safeParse> | null = null;
    if (settings) {
      parsed = ServiceSettingsSchema.safeParse(settingsOf(settings));
      if (!parsed.success) Object.assign(next, zodFieldErrors(parsed.error, t, 'settings.'));
    }
    setErrors(next);
    if (Object.keys(next).length) return;
    save.mutate({ name: name.trim(), ...(parsed?.success ? { settings: parsed.data } : {}) });
  };
  return (
    <Modal opened onClose={onClose} title={t('organisations.editTitle', { name: organisation.name })} size="xl" closeButtonProps={{ 'aria-label': t('actions.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label={t('organisations.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} styles={READABLE_INPUT} />
          {settings && (
            <>
              <Text size="sm" c="dimmed">
                {t('settings.appliesToNew')}
              </Text>
              <ServiceSettingsFields value={settings} onChange={setSettings} errors={errors} />
            </>
          )}
          {save.error && !Object.keys(apiFieldErrors(save.error, t)).length && <ErrorNotice error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
