// Wizard step 1: find the patient in my organisation, or create them. The API
// warns of a possible duplicate; the GP uses that patient or creates anyway.
import { Alert, Button, Card, Group, Loader, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { validateNationalId, type NationalIdKind } from '../../../contracts/clinical/national-id.ts';
import type { CreatePatientBody, Patient, PatientSex, PatientSummary } from '../../../contracts/patients/patient.ts';
import { ApiError } from '../api/client.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { createPatient, searchPatients } from './api.ts';
import { formatBirthDate } from '../app/birth-date.ts';
import { apiFieldErrors, messageKey, type FieldErrors } from './field-errors.ts';

export type ChosenPatient = Pick<PatientSummary, 'id' | 'familyName' | 'givenName' | 'birthDate' | 'age' | 'sex'> & {
  consentStatus?: Patient['consentStatus'];
};

function PatientButton({ patient, onPick, label }: { patient: PatientSummary; onPick: () => void; label?: string }) {
  const { t } = useTranslation('cases');
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" wrap="nowrap">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text fw={600} lineClamp={1}>
            {patient.familyName.toUpperCase()} {patient.givenName}
          </Text>
          <Text size="sm" c="dimmed">
            {t('patient.bornOn', { date: formatBirthDate(patient.birthDate), age: patient.age })}
          </Text>
        </Stack>
        <Button variant="light" onClick={onPick} aria-label={`${label ?? t('patient.choose')}: ${patient.givenName} ${patient.familyName}`} style={{ minHeight: 44 }}>
          {label ?? t('patient.choose')}
        </Button>
      </Group>
    </Card>
  );
}

const EMPTY_FORM = { familyName: '', givenName: '', birthDate: '', sex: '' as PatientSex | '', phone: '', email: '', idKind: 'fr_ins' as NationalIdKind, idValue: '' };

function CreatePatientForm({ initialName, onCreated, onCancel }: { initialName: string; onCreated: (p: ChosenPatient) => void; onCancel: () => void }) {
  const { t } = useTranslation(['cases', 'clinical']);
  const [form, setForm] = useState(() => ({ ...EMPTY_FORM, familyName: initialName }));
  const [duplicates, setDuplicates] = useState<PatientSummary[] | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = <K extends keyof typeof EMPTY_FORM>(key: K, value: (typeof EMPTY_FORM)[K]) => setForm((f) => ({ ...f, [key]: value }));

  const idCheck = form.idValue.trim() ? validateNationalId(form.idKind, form.idValue) : null;
  const mutation = useMutation({
    mutationFn: (confirmDuplicate: boolean) => {
      const body: CreatePatientBody = {
        familyName: form.familyName,
        givenName: form.givenName,
        birthDate: form.birthDate,
        sex: (form.sex || 'unknown') as PatientSex,
        phone: form.phone.trim() || null,
        email: form.email.trim() || null,
        nationalId: form.idValue.trim() ? { kind: form.idKind, value: form.idValue } : null,
        confirmDuplicate: confirmDuplicate || undefined,
      };
      return createPatient(body);
    },
    onSuccess: (patient) => onCreated(patient),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'possible_duplicate') {
        setDuplicates(((error.problem?.candidates as PatientSummary[] | undefined) ?? []).slice(0, 5));
        return;
      }
      setErrors(apiFieldErrors(error));
    },
  });
  const err = (field: string) => (errors[field] ? t(messageKey(errors[field]!), { defaultValue: t('cases:fieldErrors.invalid') }) : undefined);
  const missing = !form.familyName.trim() || !form.givenName.trim() || !form.birthDate || !form.sex || (!form.phone.trim() && !form.email.trim());

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setErrors({});
        if (idCheck && !idCheck.ok) return;
        mutation.mutate(false);
      }}
    >
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('patient.createTitle')}
        </Title>
        <TextInput size="md" label={t('patient.familyName')} required autoComplete="off" value={form.familyName} onChange={(e) => set('familyName', e.currentTarget.value)} error={err('familyName')} />
        <TextInput size="md" label={t('patient.givenName')} required autoComplete="off" value={form.givenName} onChange={(e) => set('givenName', e.currentTarget.value)} error={err('givenName')} />
        <TextInput
          size="md"
          type="date"
          label={t('patient.birthDate')}
          required
          max={new Date().toISOString().slice(0, 10)}
          value={form.birthDate}
          onChange={(e) => set('birthDate', e.currentTarget.value)}
          error={err('birthDate')}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="patient-sex-label">
            {t('patient.sex')} <span aria-hidden>*</span>
          </Text>
          <SegmentedControl
            aria-labelledby="patient-sex-label"
            fullWidth
            size="md"
            value={form.sex}
            onChange={(v) => set('sex', v as PatientSex)}
            data={(['female', 'male', 'other'] as const).map((s) => ({ value: s, label: t(`clinical:sex.${s}`) }))}
          />
        </Stack>
        <TextInput size="md" type="tel" inputMode="tel" autoComplete="off" label={t('patient.phone')} description={t('patient.contactHint')} value={form.phone} onChange={(e) => set('phone', e.currentTarget.value)} error={err('phone')} />
        <TextInput size="md" type="email" inputMode="email" autoComplete="off" label={t('patient.email')} value={form.email} onChange={(e) => set('email', e.currentTarget.value)} error={err('email')} />
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <Select
            size="md"
            w={130}
            label={t('patient.idKind')}
            value={form.idKind}
            allowDeselect={false}
            onChange={(v) => v && set('idKind', v as NationalIdKind)}
            data={[
              { value: 'fr_ins', label: t('patient.idKinds.fr_ins') },
              { value: 'uk_nhs', label: t('patient.idKinds.uk_nhs') },
            ]}
          />
          <TextInput
            size="md"
            style={{ flex: 1 }}
            label={t('patient.nationalId')}
            description={t('patient.optional')}
            inputMode={form.idKind === 'uk_nhs' ? 'numeric' : 'text'}
            autoComplete="off"
            value={form.idValue}
            onChange={(e) => set('idValue', e.currentTarget.value)}
            error={idCheck && !idCheck.ok ? t(messageKey(`clinical.nationalId.${idCheck.reason === 'format' ? 'invalidFormat' : 'invalidChecksum'}`), { defaultValue: t('cases:fieldErrors.invalid') }) : err('nationalId.value') ?? err('nationalId')}
          />
        </Group>
        {idCheck?.ok && (
          <Text size="sm" className="tone-ok" aria-live="polite">
            ✓ {t('patient.idValid')}
          </Text>
        )}
        {duplicates && (
          <Alert color="orange" title={t('patient.duplicateTitle')} role="alert">
            <Stack gap="xs">
              <Text size="sm">{t('patient.duplicateHint')}</Text>
              {duplicates.map((p) => (
                <PatientButton key={p.id} patient={p} onPick={() => onCreated(p)} label={t('patient.useThis')} />
              ))}
              <Button variant="outline" color="#9c3b00" onClick={() => mutation.mutate(true)} loading={mutation.isPending} style={{ minHeight: 44 }}>
                {t('patient.createAnyway')}
              </Button>
            </Stack>
          </Alert>
        )}
        {mutation.error && !(mutation.error instanceof ApiError && mutation.error.code === 'possible_duplicate') && <ErrorNotice error={mutation.error} />}
        <div className="thumb-bar">
          <Group gap="sm" wrap="nowrap">
            <Button variant="default" size="lg" onClick={onCancel} style={{ flex: '0 0 auto' }}>
              {t('wizard.back')}
            </Button>
            <Button type="submit" style={{ flex: 1 }} size="lg" loading={mutation.isPending} disabled={missing || (idCheck !== null && !idCheck.ok)}>
              {t('patient.create')}
            </Button>
          </Group>
        </div>
      </Stack>
    </form>
  );
}

export function PatientStep({ onChosen }: { onChosen: (p: ChosenPatient) => void }) {
  const { t } = useTranslation('cases');
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const search = useQuery({ queryKey: ['patients', 'search', debounced], queryFn: () => searchPatients(debounced), enabled: debounced.length >= 2 });

  if (creating) return <CreatePatientForm initialName={q.trim()} onCreated={onChosen} onCancel={() => setCreating(false)} />;
  return (
    <Stack gap="sm">
      <TextInput
        size="md"
        type="search"
        label={t('patient.search')}
        description={t('patient.searchHint')}
        autoComplete="off"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        rightSection={search.isFetching ? <Loader size="xs" /> : null}
      />
      <ErrorNotice error={search.error} />
      <div aria-live="polite">
        {debounced.length >= 2 && search.data && (
          <Stack gap="xs">
            {search.data.items.length === 0 ? (
              <Text c="dimmed">{t('patient.noMatch')}</Text>
            ) : (
              search.data.items.map((p) => <PatientButton key={p.id} patient={p} onPick={() => onChosen(p)} />)
            )}
          </Stack>
        )}
      </div>
      <div className="thumb-bar">
        <Button size="lg" fullWidth variant={search.data?.items.length ? 'outline' : 'filled'} onClick={() => setCreating(true)}>
          {t('patient.new')}
        </Button>
      </div>
    </Stack>
  );
}
