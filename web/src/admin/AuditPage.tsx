// The audit trail of the network: search by person, patient, dates and
// action; check the hash chain. Searching and checking are themselves audited.
import { Alert, Badge, Button, Code, Group, Pagination, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditSearchQuery } from '../../../contracts/audit/index.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { ADMIN_KEYS, adminApi } from './api.ts';
import { READABLE_ALERT, READABLE_INPUT } from './form-errors.ts';

const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTION = /^[a-z0-9_.]+\*?$/;

interface Filters {
  user: string;
  patientId: string;
  from: string;
  to: string;
  action: string;
}
const EMPTY: Filters = { user: '', patientId: '', from: '', to: '', action: '' };

/** Local calendar days to an instant range: from the start of `from` to the end of `to`. */
function toQuery(f: Filters, page: number): AuditSearchQuery {
  const startOf = (d: string) => new Date(`${d}T00:00:00`);
  const q: AuditSearchQuery = { page, pageSize: PAGE_SIZE };
  if (f.user.trim()) q.user = f.user.trim();
  if (f.patientId.trim()) q.patientId = f.patientId.trim();
  if (f.action.trim()) q.action = f.action.trim();
  if (f.from) q.from = startOf(f.from).toISOString();
  if (f.to) {
    const end = startOf(f.to);
    end.setDate(end.getDate() + 1);
    q.to = end.toISOString();
  }
  return q;
}

export function AuditPage() {
  const { t } = useTranslation('admin');
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const [errors, setErrors] = useState<Partial<Record<keyof Filters, string>>>({});
  const query = toQuery(filters, page);
  const events = useQuery({ queryKey: ADMIN_KEYS.audit(query), queryFn: () => adminApi.auditEvents(query), placeholderData: keepPreviousData });
  const verify = useMutation({ mutationFn: adminApi.verifyChain });
  const lang = currentLanguage();
  const fmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' });
  const num = new Intl.NumberFormat(lang);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (draft.patientId.trim() && !UUID.test(draft.patientId.trim())) next.patientId = t('audit.patientIdInvalid');
    if (draft.action.trim() && !ACTION.test(draft.action.trim())) next.action = t('audit.actionInvalid');
    if (draft.from && draft.to && draft.from > draft.to) next.to = t('audit.rangeInvalid');
    setErrors(next);
    if (Object.keys(next).length) return;
    setPage(1);
    setFilters(draft);
  };
  const set = (key: keyof Filters) => (e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [key]: e.currentTarget.value });
  const pages = events.data ? Math.max(1, Math.ceil(events.data.total / PAGE_SIZE)) : 1;

  return (
    <Stack gap="lg" maw={1400}>
      <Title order={1}>{t('audit.title')}</Title>

      <section aria-labelledby="chain-title">
        <Group justify="space-between" align="center" wrap="wrap">
          <Stack gap={2}>
            <Title order={2} size="h3" id="chain-title">
              {t('audit.chainTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('audit.chainHint')}
            </Text>
          </Stack>
          <Button variant="light" onClick={() => verify.mutate()} loading={verify.isPending}>
            {t('audit.verify')}
          </Button>
        </Group>
        <div aria-live="polite">
          {verify.data &&
            (verify.data.ok ? (
              <Alert mt="sm" color="teal" variant="light" title={t('audit.intactTitle')} role="status" styles={READABLE_ALERT}>
                {t('audit.intact', { count: verify.data.checked, formatted: num.format(verify.data.checked), at: fmt.format(new Date(verify.data.verifiedAt)) })}
              </Alert>
            ) : (
              <Alert mt="sm" color="red" variant="light" title={t('audit.brokenTitle')} role="alert" styles={READABLE_ALERT}>
                {t(`audit.broken.${verify.data.firstBroken?.reason ?? 'hash_mismatch'}`, { seq: verify.data.firstBroken?.seq, checked: num.format(verify.data.checked) })}
                <Text size="sm" mt={4}>
                  {t('audit.brokenNext')}
                </Text>
              </Alert>
            ))}
        </div>
        {verify.error && <ErrorNotice error={verify.error} />}
      </section>

      <section aria-labelledby="audit-search-title">
        <Title order={2} size="h3" id="audit-search-title" mb="sm">
          {t('audit.searchTitle')}
        </Title>
        <form onSubmit={submit} noValidate role="search" aria-labelledby="audit-search-title">
          <Group align="start" wrap="wrap" gap="sm">
            <TextInput label={t('audit.user')} description={t('audit.userHint')} value={draft.user} onChange={set('user')} miw={220} />
            <TextInput label={t('audit.patientId')} description={t('audit.patientIdHint')} value={draft.patientId} onChange={set('patientId')} error={errors.patientId} styles={READABLE_INPUT} miw={320} />
            <TextInput label={t('audit.from')} type="date" value={draft.from} onChange={set('from')} miw={160} />
            <TextInput label={t('audit.to')} type="date" value={draft.to} onChange={set('to')} error={errors.to} styles={READABLE_INPUT} miw={160} />
            <TextInput label={t('audit.action')} description={t('audit.actionHint')} value={draft.action} onChange={set('action')} error={errors.action} styles={READABLE_INPUT} miw={200} />
          </Group>
          <Group mt="sm">
            <Button type="submit">{t('audit.search')}</Button>
            <Button
              variant="default"
              onClick={() => {
                setDraft(EMPTY);
                setFilters(EMPTY);
                setErrors({});
                setPage(1);
              }}
            >
              {t('audit.clear')}
            </Button>
          </Group>
        </form>
      </section>

      <section aria-labelledby="audit-results-title">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h3" id="audit-results-title">
            {t('audit.results')}
          </Title>
          {events.data && (
            <Text size="sm" c="dimmed" aria-live="polite">
              {t('audit.total', { count: events.data.total, formatted: num.format(events.data.total) })}
            </Text>
          )}
        </Group>
        {events.isPending && <PageSkeleton />}
        <ErrorNotice error={events.error} />
        {events.data && events.data.events.length === 0 && <EmptyState title={t('audit.empty')} hint={t('audit.emptyHint')} />}
        {events.data && events.data.events.length > 0 && (
          <>
            <Table.ScrollContainer minWidth={1100} type="native" tabIndex={0} role="region" aria-label={t('audit.results')}>
              <Table striped verticalSpacing={4} fz="sm" aria-labelledby="audit-results-title">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('audit.col.seq')}</Table.Th>
                    <Table.Th scope="col">{t('audit.col.when')}</Table.Th>
                    <Table.Th scope="col">{t('audit.col.who')}</Table.Th>
                    <Table.Th scope="col">{t('audit.col.action')}</Table.Th>
                    <Table.Th scope="col">{t('audit.col.resource')}</Table.Th>
                    <Table.Th scope="col">{t('audit.col.patient')}</Table.Th>
                    <Table.Th scope="col">{t('audit.col.outcome')}</Table.Th>
                    <Table.Th scope="col">{t('audit.col.ip')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {events.data.events.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>{e.seq}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.format(new Date(e.occurredAt))}</Table.Td>
                      <Table.Td>
                        {e.actor ? (
                          <>
                            <Text size="sm" fw={600}>
                              {e.actor.displayName}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {[e.actorRole ? t(`roles.${e.actorRole}`, { defaultValue: e.actorRole }) : null, e.actorOrganisation?.name].filter(Boolean).join(' · ')}
                            </Text>
                          </>
                        ) : (
                          <Text size="sm" c="dimmed">
                            {t('audit.system')}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Code>{e.action}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">
                          {e.resourceType}
                          {e.resourceId ? ` ${e.resourceId.slice(0, 8)}` : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {e.patientId ? (
                          <Text size="xs" ff="monospace" title={e.patientId}>
                            {e.patientId.slice(0, 8)}
                          </Text>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={e.outcome === 'success' ? 'teal.9' : 'red.9'}>
                          {t(`audit.outcome.${e.outcome}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{e.ip ?? '—'}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {pages > 1 && (
              <Pagination
                mt="sm"
                total={pages}
                value={page}
                onChange={setPage}
                getControlProps={(control) => ({ 'aria-label': t(`audit.pagination.${control}`) })}
                getItemProps={(p) => ({ 'aria-label': t('audit.pagination.page', { page: p }) })}
              />
            )}
          </>
        )}
      </section>
    </Stack>
  );
}
