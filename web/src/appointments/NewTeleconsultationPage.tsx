// /teleconsultations/new?patientId=&caseId=: the GP (or their staff) sends a
// patient to a video appointment. Either send the patient a booking link (they
// choose the time), or pick a free time now for them. Either way the referral
// (a letter and/or the tele-expertise case) marks the coordinated pathway.
import { Alert, Button, Card, CopyButton, Group, Paper, SegmentedControl, Select, Skeleton, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { CreatedReferral, Slot } from '../../../contracts/appointments/index.ts';
import { ApiError } from '../api/client.ts';
import { formatBirthDate } from '../app/birth-date.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { getPatient, searchPatients } from '../cases/api.ts';
import { currentLanguage } from '../i18n/index.ts';
import { appointmentKeys, bookAppointment, createReferral, fetchBookingOptions, fetchSlots } from './api.ts';
import { fullWhen, withinNotice } from './format.ts';
import { SlotPicker, TakenNotice } from './SlotPicker.tsx';

export function NewTeleconsultationPage() {
  const { t } = useTranslation('appointments');
  const [params, setParams] = useSearchParams();
  const patientId = params.get('patientId');
  const caseId = params.get('caseId');
  return (
    <Stack maw={640} gap="lg" pb={140}>
      <Title order={1} size="h2">
        {t('gp.newTitle')}
      </Title>
      {patientId ? (
        <BookingForm patientId={patientId} caseId={caseId} onChangePatient={() => setParams({})} />
      ) : (
        <PatientSearch onPick={(id) => setParams({ patientId: id })} />
      )}
    </Stack>
  );
}

function PatientSearch({ onPick }: { onPick: (id: string) => void }) {
  const { t } = useTranslation('appointments');
  const [q, setQ] = useState('');
  const results = useQuery({ queryKey: ['appointments', 'patient-search', q], queryFn: () => searchPatients(q), enabled: q.trim().length >= 2 });
  return (
    <Stack gap="sm" component="section" aria-labelledby="find-patient">
      <Title order={2} size="h3" id="find-patient">
        {t('gp.findPatient')}
      </Title>
      <TextInput label={t('gp.searchLabel')} description={t('gp.searchHint')} size="lg" value={q} onChange={(e) => setQ(e.currentTarget.value)} autoComplete="off" />
      <ErrorNotice error={results.error} />
      {results.data?.items.map((p) => (
        <Button key={p.id} variant="default" size="lg" justify="space-between" fullWidth onClick={() => onPick(p.id)} rightSection={formatBirthDate(p.birthDate)}>
          {`${p.familyName.toUpperCase()} ${p.givenName}`}
        </Button>
      ))}
      {results.data && results.data.items.length === 0 && <Text c="dimmed">{t('gp.noPatient')}</Text>}
    </Stack>
  );
}

function BookingForm({ patientId, caseId, onChangePatient }: { patientId: string; caseId: string | null; onChangePatient: () => void }) {
  const { t } = useTranslation('appointments');
  const lang = currentLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const patient = useQuery({ queryKey: ['appointments', 'patient', patientId], queryFn: () => getPatient(patientId) });
  const options = useQuery({ queryKey: appointmentKeys.options, queryFn: fetchBookingOptions });
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [dermatologistId, setDermatologistId] = useState<string | null>(null);
  const [letter, setLetter] = useState('');
  const [mode, setMode] = useState<'link' | 'now'>('link');
  const [selected, setSelected] = useState<Slot | null>(null);
  const [taken, setTaken] = useState<Slot[] | null>(null);
  const [created, setCreated] = useState<CreatedReferral | null>(null);
  const service = options.data?.services.find((s) => s.id === (serviceId ?? options.data?.services[0]?.id));
  const effectiveServiceId = service?.id ?? null;
  const slots = useQuery({
    queryKey: appointmentKeys.slots(effectiveServiceId ?? '', dermatologistId),
    queryFn: () => fetchSlots(effectiveServiceId!, dermatologistId),
    enabled: mode === 'now' && !!effectiveServiceId,
  });
  const referral = useMutation({
    mutationFn: () => createReferral({ patientId, serviceId: effectiveServiceId!, dermatologistId, referralLetter: letter.trim() || null, caseId }),
    onSuccess: (r) => setCreated(r),
  });
  const book = useMutation({
    mutationFn: (slot: Slot) =>
      bookAppointment({ patientId, serviceId: effectiveServiceId!, dermatologistId: slot.dermatologistId, startsAt: slot.startsAt, referralLetter: letter.trim() || null, caseId }),
    onSuccess: async (a) => {
      await queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
      void navigate(`/appointments/${a.id}`);
    },
    onError: async (error) => {
      if (error instanceof ApiError && ['slot_taken', 'slot_unavailable', 'slot_in_past'].includes(error.code)) {
        setTaken((error.problem as { nextSlots?: Slot[] } | null)?.nextSlots ?? []);
        setSelected(null);
        await slots.refetch();
      }
    },
  });
  const needsReferral = !caseId && letter.trim().length === 0;
  const letterError = referral.error instanceof ApiError ? referral.error.fieldErrors.referralLetter : undefined;
  const bookError = book.error instanceof ApiError && ['slot_taken', 'slot_unavailable', 'slot_in_past'].includes(book.error.code) ? null : book.error;

  if (created) {
    return (
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Alert color="teal" variant="light" role="status" title={t('gp.linkCreated')}>
            {created.emailed ? t('gp.linkEmailed') : t('gp.linkNotEmailed')}
          </Alert>
          <TextInput label={t('gp.linkLabel')} value={created.bookingUrl} readOnly size="md" />
          <CopyButton value={created.bookingUrl}>
            {({ copied, copy }) => (
              <Button size="lg" variant="outline" onClick={copy} fullWidth>
                {copied ? t('gp.copied') : t('gp.copy')}
              </Button>
            )}
          </CopyButton>
          <Button component={Link} to="/teleconsultations" size="lg" fullWidth>
            {t('gp.done')}
          </Button>
        </Stack>
      </Card>
    );
  }

  return (
    <Stack gap="lg">
      <Paper withBorder p="md" radius="md">
        {patient.isPending ? (
          <Skeleton height={40} />
        ) : patient.data ? (
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={0}>
              <Text fw={600}>{`${patient.data.familyName.toUpperCase()} ${patient.data.givenName}`}</Text>
              <Text size="sm" c="dimmed">
                {formatBirthDate(patient.data.birthDate)}
                {caseId ? ` · ${t('gp.withCase')}` : ''}
              </Text>
            </Stack>
            <Button variant="subtle" onClick={onChangePatient}>
              {t('gp.changePatient')}
            </Button>
          </Group>
        ) : (
          <ErrorNotice error={patient.error} />
        )}
      </Paper>
      <ErrorNotice error={options.error} />
      {options.data && (
        <Stack gap="md">
          <Select
            label={t('gp.service')}
            size="lg"
            data={options.data.services.map((s) => ({ value: s.id, label: s.name }))}
            value={effectiveServiceId}
            onChange={(v) => {
              setServiceId(v);
              setDermatologistId(null);
              setSelected(null);
            }}
            allowDeselect={false}
          />
          <Select
            label={t('gp.dermatologist')}
            size="lg"
            data={[{ value: '', label: t('gp.anyDermatologist') }, ...(service?.dermatologists ?? []).map((d) => ({ value: d.id, label: d.name }))]}
            value={dermatologistId ?? ''}
            onChange={(v) => {
              setDermatologistId(v || null);
              setSelected(null);
            }}
            allowDeselect={false}
          />
          <Textarea
            label={t('gp.letter')}
            description={caseId ? t('gp.letterHintCase') : t('gp.letterHint')}
            size="lg"
            autosize
            minRows={3}
            maxLength={4000}
            value={letter}
            onChange={(e) => setLetter(e.currentTarget.value)}
            error={letterError}
          />
          <SegmentedControl
            fullWidth
            size="md"
            aria-label={t('gp.how')}
            value={mode}
            onChange={(v) => setMode(v as 'link' | 'now')}
            data={[
              { value: 'link', label: t('gp.modeLink') },
              { value: 'now', label: t('gp.modeNow') },
            ]}
          />
          {mode === 'now' && (
            <Stack gap="sm" component="section" aria-labelledby="gp-times">
              <Title order={2} size="h3" id="gp-times">
                {t('gp.chooseTime')}
              </Title>
              {taken && <TakenNotice nextSlots={taken} onSelect={setSelected} />}
              <ErrorNotice error={slots.error} />
              <SlotPicker slots={slots.data?.slots} loading={slots.isPending} selected={selected} onSelect={setSelected} showDermatologist={!dermatologistId} />
            </Stack>
          )}
        </Stack>
      )}
      <Paper pos="fixed" bottom={0} left={0} right={0} p="md" shadow="md" withBorder style={{ zIndex: 10 }}>
        <Stack gap="xs" maw={640} mx="auto">
          {needsReferral && <Text size="sm">{t('gp.needsReferral')}</Text>}
          {mode === 'link' ? (
            <>
              <ErrorNotice error={letterError ? null : referral.error} />
              <Button size="lg" fullWidth disabled={!effectiveServiceId || needsReferral} loading={referral.isPending} onClick={() => referral.mutate()}>
                {t('gp.sendLink')}
              </Button>
            </>
          ) : (
            <>
              <ErrorNotice error={bookError} />
              {/* Said before booking, as on the patient's page: inside the notice, no online change afterwards. */}
              <Text size="sm" aria-live="polite">
                {selected && service && withinNotice(selected.startsAt, service.noticeHours) && (
                  <Text span size="sm" fw={600} c="orange.9" data-testid="within-notice">
                    {t('gp.withinNotice', { count: service.noticeHours })}
                  </Text>
                )}
              </Text>
              <Button size="lg" fullWidth disabled={!selected || !effectiveServiceId || needsReferral} loading={book.isPending} onClick={() => selected && book.mutate(selected)}>
                {selected ? t('gp.bookAt', { when: fullWhen(selected.startsAt, selected.timeZone, lang) }) : t('gp.chooseFirst')}
              </Button>
            </>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
