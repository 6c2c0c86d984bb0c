// /agenda/availability: the dermatologist publishes weekly times per service
// (days, hours, slot length, from/until), takes leave, and sees the next free
// slots patients will be offered. Desktop. Leave only stops new bookings: the
// visits still booked on its days are listed after saving and under the leave
// until they are cancelled (one call that cancels them all or none, each by the
// ordinary cancellation: the patient is emailed as for any other) or knowingly
// kept.
import { ActionIcon, Alert, Anchor, Badge, Button, Checkbox, Group, List, NumberInput, Paper, Select, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { WEEKDAYS, type AvailabilityException, type MyAvailability, type Weekday } from '../../../contracts/appointments/index.ts';
import { ApiError } from '../api/client.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice, useErrorMessage } from '../app/ErrorNotice.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { addException, addRule, appointmentKeys, cancelLeaveVisits, deleteException, deleteRule, fetchAvailability } from './api.ts';
import { byDay, cityOf, clockTime, fullWhen, longDay } from './format.ts';

const today = () => new Date().toISOString().slice(0, 10);

export function AvailabilityPage() {
  const { t } = useTranslation('appointments');
  const availability = useQuery({ queryKey: appointmentKeys.availability, queryFn: fetchAvailability });
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={1}>{t('availability.title')}</Title>
          <Text c="dimmed">{t('availability.lead')}</Text>
        </Stack>
        <Button component={Link} to="/agenda" variant="outline">
          {t('availability.toAgenda')}
        </Button>
      </Group>
      <ErrorNotice error={availability.error} />
      {availability.isPending && <Skeleton height={300} />}
      {availability.data && availability.data.services.length === 0 && <EmptyState title={t('availability.noServiceTitle')} hint={t('availability.noServiceHint')} />}
      {availability.data && availability.data.services.length > 0 && (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Stack gap="lg">
            <Rules data={availability.data} />
            <Leave data={availability.data} />
          </Stack>
          <Preview data={availability.data} />
        </SimpleGrid>
      )}
    </Stack>
  );
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
}

function Rules({ data }: { data: MyAvailability }) {
  const { t } = useTranslation('appointments');
  const invalidate = useInvalidate();
  const [serviceId, setServiceId] = useState<string | null>(data.services[0]?.id ?? null);
  const [weekdays, setWeekdays] = useState<Weekday[]>(['MO', 'TH']);
  const [startTime, setStartTime] = useState('09:00');
  const [endTime, setEndTime] = useState('12:00');
  const [slotMinutes, setSlotMinutes] = useState<number | string>(20);
  const [everyWeeks, setEveryWeeks] = useState<string>('1');
  const [validFrom, setValidFrom] = useState(today);
  const [validUntil, setValidUntil] = useState('');
  const add = useMutation({
    mutationFn: () =>
      addRule({ serviceId: serviceId!, weekdays, everyWeeks: Number(everyWeeks), startTime, endTime, slotMinutes: Number(slotMinutes), validFrom, validUntil: validUntil || null }),
    onSuccess: () => invalidate(),
  });
  const remove = useMutation({ mutationFn: deleteRule, onSuccess: () => invalidate() });
  const fields = add.error instanceof ApiError ? add.error.fieldErrors : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="rules-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="rules-title">
          {t('availability.rulesTitle')}
        </Title>
        {data.rules.length === 0 ? (
          <Text c="dimmed">{t('availability.noRules')}</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('availability.days')}</Table.Th>
                <Table.Th>{t('availability.hours')}</Table.Th>
                <Table.Th>{t('availability.service')}</Table.Th>
                <Table.Th>{t('availability.valid')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('availability.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rules.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    {r.weekdays.map((d) => t(`weekday.${d}`)).join(', ')}
                    {r.everyWeeks > 1 && ` (${t('availability.everyN', { count: r.everyWeeks })})`}
                  </Table.Td>
                  <Table.Td>
                    {t('availability.hoursValue', { start: r.startTime, end: r.endTime, minutes: r.slotMinutes })}
                    <Text size="xs" c="dimmed">
                      {t('slots.zone', { city: cityOf(r.timeZone) })}
                    </Text>
                  </Table.Td>
                  <Table.Td>{r.serviceName}</Table.Td>
                  <Table.Td>{r.validUntil ? t('availability.fromUntil', { from: r.validFrom, until: r.validUntil }) : t('availability.fromOnly', { from: r.validFrom })}</Table.Td>
                  <Table.Td>
                    <ActionIcon variant="subtle" color="red.9" size="lg" aria-label={t('availability.deleteRule')} onClick={() => remove.mutate(r.id)} loading={remove.isPending && remove.variables === r.id}>
                      ×
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <ErrorNotice error={remove.error} />
        <form onSubmit={submit} noValidate aria-labelledby="add-rule-title">
          <Stack gap="sm">
            <Title order={3} size="h4" id="add-rule-title">
              {t('availability.addRule')}
            </Title>
            {data.services.length > 1 && (
              <Select label={t('availability.service')} data={data.services.map((s) => ({ value: s.id, label: s.name }))} value={serviceId} onChange={setServiceId} allowDeselect={false} error={fields.serviceId} />
            )}
            <Checkbox.Group label={t('availability.days')} value={weekdays} onChange={(v) => setWeekdays(v as Weekday[])} error={fields.weekdays}>
              <Group gap="md" mt={4}>
                {WEEKDAYS.map((d) => (
                  <Checkbox key={d} value={d} label={t(`weekday.${d}`)} />
                ))}
              </Group>
            </Checkbox.Group>
            <Group grow align="flex-start">
              <TextInput type="time" label={t('availability.start')} value={startTime} onChange={(e) => setStartTime(e.currentTarget.value)} error={fields.startTime} required />
              <TextInput type="time" label={t('availability.end')} value={endTime} onChange={(e) => setEndTime(e.currentTarget.value)} error={fields.endTime} required />
              <NumberInput label={t('availability.slotMinutes')} min={5} max={240} step={5} value={slotMinutes} onChange={setSlotMinutes} error={fields.slotMinutes} required />
            </Group>
            <Group grow align="flex-start">
              <Select
                label={t('availability.repeat')}
                data={[1, 2, 3, 4].map((n) => ({ value: String(n), label: n === 1 ? t('availability.everyWeek') : t('availability.everyN', { count: n }) }))}
                value={everyWeeks}
                onChange={(v) => setEveryWeeks(v ?? '1')}
                allowDeselect={false}
              />
              <TextInput type="date" label={t('availability.validFrom')} value={validFrom} onChange={(e) => setValidFrom(e.currentTarget.value)} error={fields.validFrom} required />
              <TextInput type="date" label={t('availability.validUntil')} description={t('availability.validUntilHint')} value={validUntil} onChange={(e) => setValidUntil(e.currentTarget.value)} error={fields.validUntil} />
            </Group>
            {add.isError && Object.keys(fields).length === 0 && <ErrorNotice error={add.error} />}
            {add.isSuccess && (
              <Alert color="teal" variant="light" role="status">
                {t('availability.ruleAdded')}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={add.isPending} disabled={!serviceId || weekdays.length === 0}>
                {t('availability.publish')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}

function Leave({ data }: { data: MyAvailability }) {
  const { t } = useTranslation('appointments');
  const invalidate = useInvalidate();
  const [kind, setKind] = useState<'leave' | 'exception'>('leave');
  const [startsOn, setStartsOn] = useState(today);
  const [endsOn, setEndsOn] = useState(today);
  const [note, setNote] = useState('');
  // The leave just saved (its warning shows by the form) and the one whose visits were just kept (focus moves to its reminder).
  const [savedId, setSavedId] = useState<string | null>(null);
  const [keptId, setKeptId] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => addException({ kind, startsOn, endsOn, note: note || null }),
    onSuccess: (leave) => {
      setSavedId(leave.id);
      setKeptId(null);
      return invalidate();
    },
  });
  const remove = useMutation({
    mutationFn: deleteException,
    onSuccess: (_r, id) => {
      if (id === savedId) setSavedId(null);
      return invalidate();
    },
  });
  const fields = add.error instanceof ApiError ? add.error.fieldErrors : {};
  // The list's copy is fresher (after cancellations); the saved answer when the list does not show it.
  const saved = savedId ? (data.exceptions.find((e) => e.id === savedId) ?? (add.data?.id === savedId ? add.data : null)) : null;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="leave-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="leave-title">
          {t('availability.leaveTitle')}
        </Title>
        {data.exceptions.length === 0 ? (
          <Text c="dimmed">{t('availability.noLeave')}</Text>
        ) : (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {data.exceptions.map((e) => (
              <Stack component="li" key={e.id} gap="xs">
                <Group justify="space-between" wrap="nowrap">
                  <Text>
                    <Badge variant="light" tt="none" mr="xs">
                      {t(`availability.kind.${e.kind}`)}
                    </Badge>
                    {e.startsOn === e.endsOn ? e.startsOn : t('availability.range', { from: e.startsOn, until: e.endsOn })}
                    {e.note ? ` · ${e.note}` : ''}
                  </Text>
                  <ActionIcon variant="subtle" color="red.9" size="lg" aria-label={t('availability.deleteLeave')} onClick={() => remove.mutate(e.id)}>
                    ×
                  </ActionIcon>
                </Group>
                {e.id !== savedId && <BookedInLeave leave={e} focusOnMount={e.id === keptId} />}
              </Stack>
            ))}
          </Stack>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
          noValidate
          aria-labelledby="add-leave-title"
        >
          <Stack gap="sm">
            <Title order={3} size="h4" id="add-leave-title">
              {t('availability.addLeave')}
            </Title>
            <Group grow align="flex-start">
              <Select
                label={t('availability.kindLabel')}
                data={[
                  { value: 'leave', label: t('availability.kind.leave') },
                  { value: 'exception', label: t('availability.kind.exception') },
                ]}
                value={kind}
                onChange={(v) => setKind((v as 'leave' | 'exception') ?? 'leave')}
                allowDeselect={false}
              />
              <TextInput type="date" label={t('availability.firstDay')} value={startsOn} onChange={(e) => setStartsOn(e.currentTarget.value)} error={fields.startsOn} required />
              <TextInput type="date" label={t('availability.lastDay')} value={endsOn} onChange={(e) => setEndsOn(e.currentTarget.value)} error={fields.endsOn} required />
            </Group>
            <TextInput label={t('availability.note')} description={t('availability.noteHint')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={200} />
            {add.isError && Object.keys(fields).length === 0 && <ErrorNotice error={add.error} />}
            <Text size="sm" c="dimmed">
              {t('availability.leaveKeepsBooked')}
            </Text>
            <Group>
              <Button type="submit" loading={add.isPending}>
                {t('availability.saveLeave')}
              </Button>
            </Group>
            {saved && (
              <BookedInLeave
                key={saved.id}
                leave={saved}
                justSaved
                onKeep={() => {
                  setKeptId(saved.id);
                  setSavedId(null);
                }}
              />
            )}
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}

/**
 * The visits still booked on the days of a leave: a warning listing them, with "Cancel these visits"
 * (one call that cancels them all or none, each by the ordinary cancellation, so each patient gets
 * the usual email) and, right after saving, "Keep them". Nothing when none is booked (just after
 * saving: a plain "saved"). While the call runs both buttons are disabled and a status line says so;
 * then the outcome (how many were cancelled and emailed) or why nothing was.
 */
function BookedInLeave({ leave, justSaved = false, onKeep, focusOnMount = false }: { leave: AvailabilityException; justSaved?: boolean; onKeep?: () => void; focusOnMount?: boolean }) {
  const { t } = useTranslation('appointments');
  const errorMessage = useErrorMessage();
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const root = useRef<HTMLDivElement>(null);
  const visits = leave.affectedAppointments;
  const cancel = useMutation({
    // One request: the server cancels every visit of the leave in one transaction, or none.
    mutationFn: () => cancelLeaveVisits(leave.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: appointmentKeys.all }),
  });
  const done = cancel.data;
  useEffect(() => {
    if (focusOnMount) root.current?.focus();
  }, [focusOnMount]);
  useEffect(() => {
    // The buttons are gone once every visit is cancelled: keep the keyboard on the outcome.
    if (done && visits.length === 0) root.current?.focus();
  }, [done, visits.length]);

  if (visits.length === 0 && !done) {
    if (!justSaved) return null;
    return (
      <Alert color="teal" variant="light" role="status">
        {t('availability.booked.none')}
      </Alert>
    );
  }
  const notEmailed = done ? done.cancelledCount - done.emailedCount : 0;
  return (
    <Stack gap="xs" ref={root} tabIndex={-1} style={{ outlineOffset: 2 }}>
      {/* Always present, so that screen readers announce what appears in it: progress, then the outcome. */}
      <div role="status">
        {cancel.isPending && <Text size="sm">{t('availability.booked.cancelling', { count: visits.length })}</Text>}
        {done && (
          // Styled as the light teal alert, without Mantine Alert's own role="alert" inside this status.
          <Paper bg="var(--mantine-color-teal-light)" p="sm" radius="md">
            <Text size="sm">
              {done.cancelledCount > 0 ? t('availability.booked.cancelled', { count: done.cancelledCount }) : t('availability.booked.nothingLeft')}
              {notEmailed > 0 && ` ${t('availability.booked.notEmailed', { count: notEmailed })}`}
            </Text>
          </Paper>
        )}
      </div>
      {cancel.isError && (
        <Alert color="red" role="alert" title={t('availability.booked.failedTitle')}>
          {`${t('availability.booked.failedText')} ${errorMessage(cancel.error)}`}
        </Alert>
      )}
      {visits.length > 0 && (
        <Alert
          // Plain "orange" keeps the light tint (a shade would paint the whole box) and AA contrast inside.
          color="orange"
          variant="light"
          // Just saved: announced at once. Later: a named region under its leave, not an interruption.
          role={justSaved ? 'alert' : 'region'}
          title={justSaved ? t('availability.booked.titleSaved', { count: visits.length }) : t('availability.booked.title', { count: visits.length })}
          aria-busy={cancel.isPending}
        >
          <Stack gap="sm">
            <Text size="sm">{t('availability.booked.text')}</Text>
            <List size="sm" spacing={4} aria-label={t('availability.booked.listLabel')}>
              {visits.map((a) => (
                <List.Item key={a.id}>
                  <Anchor component={Link} to={`/appointments/${a.id}`} size="sm">
                    {fullWhen(a.startsAt, a.timeZone, lang)}
                  </Anchor>
                  {` · ${t('availability.booked.patient', { initials: a.patientInitials })}`}
                </List.Item>
              ))}
            </List>
            <Text size="xs">{t('slots.zone', { city: cityOf(visits[0]!.timeZone) })}</Text>
            <Group gap="sm">
              <Button variant="outline" color="red.9" loading={cancel.isPending} onClick={() => cancel.mutate()}>
                {t('availability.booked.cancel', { count: visits.length })}
              </Button>
              {onKeep && (
                <Button variant="default" disabled={cancel.isPending} onClick={onKeep}>
                  {t('availability.booked.keep', { count: visits.length })}
                </Button>
              )}
            </Group>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

function Preview({ data }: { data: MyAvailability }) {
  const { t } = useTranslation('appointments');
  const lang = currentLanguage();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="preview-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="preview-title">
          {t('availability.previewTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('availability.previewHint')}
        </Text>
        {data.preview.length === 0 ? (
          <EmptyState title={t('availability.previewEmpty')} hint={t('availability.previewEmptyHint')} />
        ) : (
          byDay(data.preview, (s) => s.startsAt, (s) => s.timeZone).map((group) => (
            <Stack key={group.day} gap={4}>
              <Text fw={600} tt="capitalize">
                {longDay(group.first.startsAt, group.first.timeZone, lang)}
              </Text>
              <Text>{group.items.map((s) => clockTime(s.startsAt, s.timeZone, lang)).join(' · ')}</Text>
            </Stack>
          ))
        )}
      </Stack>
    </Paper>
  );
}
