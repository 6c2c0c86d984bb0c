// The coordinator's fee schedule (/network/fees, desktop): every entry of the
// network's country with its validity, a "new version" dialog (a change never
// overwrites: the current entry closes the day before the new one starts) and
// a form to add an act or a period. Validation: amounts >= 0, shares 0-100,
// dates in order, no overlapping validity for one act (said by the server).
import { Alert, Badge, Button, Group, Modal, NativeSelect, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client.ts';
import { BILLED_BY, FeeEntryCreateSchema, FeeEntryEndSchema, FeeVersionCreateSchema, type BilledBy, type FeeEntry, type FeeSchedule } from '../../../contracts/billing/index.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage, type Language } from '../i18n/index.ts';
import { READABLE_INPUT } from '../admin/form-errors.ts';
import { BILLING_KEYS, billingApi } from './api.ts';
import { money, shortDay } from './format.ts';

type FieldErrors = Record<string, string>;

function fieldErrorsOf(issues: Array<{ path: PropertyKey[]; message: string }>, t: TFunction): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) out[issue.path.join('.')] ??= t(`validation.${issue.message}`, { defaultValue: t('validation.invalid') });
  return out;
}

function serverFieldErrors(error: unknown, t: TFunction, lang: Language): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const out: FieldErrors = {};
  const extra = error.problem as { overlapsWith?: { validFrom: string; validTo: string | null }; lastBilledActDate?: string } | null;
  for (const [path, message] of Object.entries(error.fieldErrors)) {
    const key = message === 'fee_overlap' && extra?.overlapsWith && extra.overlapsWith.validTo === null ? 'fee_overlap_open' : message;
    out[path] = t(`validation.${key}`, {
      defaultValue: t('validation.invalid'),
      from: extra?.overlapsWith ? shortDay(extra.overlapsWith.validFrom, lang) : '',
      to: extra?.overlapsWith?.validTo ? shortDay(extra.overlapsWith.validTo, lang) : '',
      date: extra?.lastBilledActDate ? shortDay(extra.lastBilledActDate, lang) : '',
    });
  }
  return out;
}

type Period = 'current' | 'past' | 'upcoming';
const periodOf = (e: FeeEntry, today: string): Period => (e.validFrom > today ? 'upcoming' : e.validTo !== null && e.validTo < today ? 'past' : 'current');
/** Light badges paint their label in the badge colour, below AA on a striped row: keep the text colour. */
const READABLE_BADGE = { label: { color: 'var(--mantine-color-text)' } } as const;
const PERIOD_COLOR: Record<Period, string> = { current: 'teal', past: 'gray', upcoming: 'blue' };

export function FeesPage() {
  const { t } = useTranslation('billing');
  const lang = currentLanguage();
  const schedule = useQuery({ queryKey: BILLING_KEYS.fees, queryFn: billingApi.fees });
  const [versionOf, setVersionOf] = useState<FeeEntry | null>(null);
  const [endOf, setEndOf] = useState<FeeEntry | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const data = schedule.data;

  return (
    <Stack gap="xl" maw={1300}>
      <Stack gap={4}>
        <Title order={1}>{t('fees.title')}</Title>
        {data && <Text c="dimmed">{t('fees.intro', { country: t(`country.${data.country}`), currency: data.currency })}</Text>}
      </Stack>
      {saved && (
        <Alert color="teal" variant="light" role="status" withCloseButton onClose={() => setSaved(null)} closeButtonLabel={t('actions.dismiss')}>
          {saved}
        </Alert>
      )}
      <section aria-labelledby="fees-list-title">
        <Title order={2} size="h3" id="fees-list-title" mb="sm">
          {t('fees.listTitle')}
        </Title>
        {schedule.isPending && <PageSkeleton />}
        <ErrorNotice error={schedule.error} />
        {data && data.entries.length === 0 && <EmptyState title={t('fees.empty')} hint={t('fees.emptyHint')} />}
        {data && data.entries.length > 0 && (
          <Table.ScrollContainer minWidth={1150} type="native" tabIndex={0} role="region" aria-label={t('fees.listTitle')}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-labelledby="fees-list-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('fees.actCode')}</Table.Th>
                  <Table.Th scope="col">{t('fees.label')}</Table.Th>
                  <Table.Th scope="col">{t('fees.billedBy')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('fees.amount')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('fees.shareCoordinatedShort')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('fees.shareUncoordinatedShort')}
                  </Table.Th>
                  <Table.Th scope="col">{t('fees.cap')}</Table.Th>
                  <Table.Th scope="col">{t('fees.validity')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('fees.lines')}
                  </Table.Th>
                  <Table.Th scope="col">{t('fees.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.entries.map((e) => {
                  const period = periodOf(e, data.today);
                  return (
                    <Table.Tr key={e.id}>
                      <Table.Th scope="row" fw={600}>
                        {e.actCode}
                      </Table.Th>
                      <Table.Td>{lang === 'fr' ? e.labelFr : e.labelEn}</Table.Td>
                      <Table.Td>{t(`billedBy.${e.billedBy}`)}</Table.Td>
                      <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                        {money(e.amountCents, e.currency, lang)}
                      </Table.Td>
                      <Table.Td ta="right">{e.insurerShareCoordinated}%</Table.Td>
                      <Table.Td ta="right">{e.insurerShareUncoordinated}%</Table.Td>
                      <Table.Td>{e.yearlyCapPerPatient === null ? t('fees.noCap') : t('fees.capValue', { count: e.yearlyCapPerPatient })}</Table.Td>
                      <Table.Td>
                        <Stack gap={4} align="flex-start">
                          <span>
                            {shortDay(e.validFrom, lang)} – {e.validTo ? shortDay(e.validTo, lang) : t('fees.openEnded')}
                          </span>
                          <Badge variant="light" color={PERIOD_COLOR[period]} tt="none" styles={READABLE_BADGE}>
                            {t(`fees.period.${period}`)}
                          </Badge>
                        </Stack>
                      </Table.Td>
                      <Table.Td ta="right">{e.lineCount}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          {period !== 'past' && (
                            <Button size="xs" variant="light" onClick={() => setVersionOf(e)} aria-label={t('fees.newVersionOf', { code: e.actCode, from: shortDay(e.validFrom, lang) })}>
                              {t('fees.newVersion')}
                            </Button>
                          )}
                          {e.validTo === null && (
                            <Button size="xs" variant="subtle" onClick={() => setEndOf(e)} aria-label={t('fees.endOf', { code: e.actCode, from: shortDay(e.validFrom, lang) })}>
                              {t('fees.end')}
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
      {data && <CreateFeeForm schedule={data} onCreated={(code) => setSaved(t('fees.created', { code }))} />}
      {endOf && (
        <EndDialog
          entry={endOf}
          onClose={() => setEndOf(null)}
          onSaved={(e) => {
            setEndOf(null);
            setSaved(t('fees.ended', { code: e.actCode, to: e.validTo ? shortDay(e.validTo, lang) : '' }));
          }}
        />
      )}
      {versionOf && data && (
        <VersionDialog
          entry={versionOf}
          onClose={() => setVersionOf(null)}
          onSaved={(e) => {
            setVersionOf(null);
            setSaved(t('fees.versionSaved', { code: e.actCode, from: shortDay(e.validFrom, lang) }));
          }}
        />
      )}
    </Stack>
  );
}

interface FeeValues {
  labelFr: string;
  labelEn: string;
  amount: number | string;
  insurerShareCoordinated: number | string;
  insurerShareUncoordinated: number | string;
  cap: number | string;
}

const num = (v: number | string) => (v === '' || v === null ? Number.NaN : Number(v));
const valuesOf = (v: FeeValues) => ({
  labelFr: v.labelFr,
  labelEn: v.labelEn,
  // Amounts are typed in the currency's units; the API takes cents.
  amountCents: Math.round(num(v.amount) * 100),
  insurerShareCoordinated: num(v.insurerShareCoordinated),
  insurerShareUncoordinated: num(v.insurerShareUncoordinated),
  yearlyCapPerPatient: v.cap === '' ? null : num(v.cap),
});

function FeeValueFields({ value, onChange, errors, currency }: { value: FeeValues; onChange: (v: FeeValues) => void; errors: FieldErrors; currency: string }) {
  const { t } = useTranslation('billing');
  const set = (patch: Partial<FeeValues>) => onChange({ ...value, ...patch });
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <TextInput label={t('fees.labelFr')} required value={value.labelFr} onChange={(e) => set({ labelFr: e.currentTarget.value })} error={errors.labelFr} styles={READABLE_INPUT} />
        <TextInput label={t('fees.labelEn')} required value={value.labelEn} onChange={(e) => set({ labelEn: e.currentTarget.value })} error={errors.labelEn} styles={READABLE_INPUT} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="md">
        <NumberInput
          label={t('fees.amountIn', { currency })}
          required
          min={0}
          clampBehavior="none"
          decimalScale={2}
          fixedDecimalScale
          value={value.amount}
          onChange={(v) => set({ amount: v })}
          error={errors.amountCents}
          styles={READABLE_INPUT}
        />
        <NumberInput
          label={t('fees.shareCoordinated')}
          required
          min={0}
          max={100}
          clampBehavior="none"
          allowDecimal={false}
          suffix="%"
          value={value.insurerShareCoordinated}
          onChange={(v) => set({ insurerShareCoordinated: v })}
          error={errors.insurerShareCoordinated}
          styles={READABLE_INPUT}
        />
        <NumberInput
          label={t('fees.shareUncoordinated')}
          required
          min={0}
          max={100}
          clampBehavior="none"
          allowDecimal={false}
          suffix="%"
          value={value.insurerShareUncoordinated}
          onChange={(v) => set({ insurerShareUncoordinated: v })}
          error={errors.insurerShareUncoordinated}
          styles={READABLE_INPUT}
        />
        <NumberInput
          label={t('fees.capLabel')}
          description={t('fees.capHint')}
          min={1}
          clampBehavior="none"
          allowDecimal={false}
          value={value.cap}
          onChange={(v) => set({ cap: v })}
          error={errors.yearlyCapPerPatient}
          styles={READABLE_INPUT}
        />
      </SimpleGrid>
    </>
  );
}

function VersionDialog({ entry, onClose, onSaved }: { entry: FeeEntry; onClose: () => void; onSaved: (e: FeeEntry) => void }) {
  const { t } = useTranslation('billing');
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const [validFrom, setValidFrom] = useState('');
  const [values, setValues] = useState<FeeValues>({
    labelFr: entry.labelFr,
    labelEn: entry.labelEn,
    amount: entry.amountCents / 100,
    insurerShareCoordinated: entry.insurerShareCoordinated,
    insurerShareUncoordinated: entry.insurerShareUncoordinated,
    cap: entry.yearlyCapPerPatient ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: (body: Parameters<typeof billingApi.addVersion>[1]) => billingApi.addVersion(entry.id, body),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: BILLING_KEYS.fees });
      onSaved(created);
    },
    onError: (error) => setErrors(serverFieldErrors(error, t, lang)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = FeeVersionCreateSchema.safeParse({ ...valuesOf(values), validFrom });
    if (!parsed.success) return setErrors(fieldErrorsOf(parsed.error.issues, t));
    setErrors({});
    save.mutate(parsed.data);
  };
  return (
    <Modal opened onClose={onClose} title={t('fees.versionTitle', { code: entry.actCode })} size="xl" closeButtonProps={{ 'aria-label': t('actions.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{t('fees.versionExplain', { from: shortDay(entry.validFrom, lang) })}</Text>
          <TextInput
            type="date"
            label={t('fees.versionFrom')}
            required
            min={entry.validFrom}
            max={entry.validTo ?? undefined}
            value={validFrom}
            onChange={(e) => setValidFrom(e.currentTarget.value)}
            error={errors.validFrom}
            styles={READABLE_INPUT}
            maw={240}
          />
          <FeeValueFields value={values} onChange={setValues} errors={errors} currency={entry.currency} />
          {save.error && !Object.keys(serverFieldErrors(save.error, t, lang)).length && <ErrorNotice error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('fees.saveVersion')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function EndDialog({ entry, onClose, onSaved }: { entry: FeeEntry; onClose: () => void; onSaved: (e: FeeEntry) => void }) {
  const { t } = useTranslation('billing');
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const [validTo, setValidTo] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const end = useMutation({
    mutationFn: (body: Parameters<typeof billingApi.endEntry>[1]) => billingApi.endEntry(entry.id, body),
    onSuccess: async (ended) => {
      await queryClient.invalidateQueries({ queryKey: BILLING_KEYS.fees });
      onSaved(ended);
    },
    onError: (error) => setErrors(serverFieldErrors(error, t, lang)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = FeeEntryEndSchema.safeParse({ validTo });
    if (!parsed.success) return setErrors(fieldErrorsOf(parsed.error.issues, t));
    setErrors({});
    end.mutate(parsed.data);
  };
  return (
    <Modal opened onClose={onClose} title={t('fees.endTitle', { code: entry.actCode })} size="lg" closeButtonProps={{ 'aria-label': t('actions.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{t('fees.endExplain')}</Text>
          <TextInput
            type="date"
            label={t('fees.endLastDay')}
            required
            min={entry.validFrom}
            value={validTo}
            onChange={(e) => setValidTo(e.currentTarget.value)}
            error={errors.validTo}
            styles={READABLE_INPUT}
            maw={240}
          />
          {end.error && !Object.keys(serverFieldErrors(end.error, t, lang)).length && <ErrorNotice error={end.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" color="red" loading={end.isPending}>
              {t('fees.endSave')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const EMPTY_VALUES: FeeValues = { labelFr: '', labelEn: '', amount: '', insurerShareCoordinated: '', insurerShareUncoordinated: '', cap: '' };

function CreateFeeForm({ schedule, onCreated }: { schedule: FeeSchedule; onCreated: (code: string) => void }) {
  const { t } = useTranslation('billing');
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const [actCode, setActCode] = useState('');
  const [billedBy, setBilledBy] = useState<BilledBy>('teleconsultant');
  const [values, setValues] = useState<FeeValues>(EMPTY_VALUES);
  const [validFrom, setValidFrom] = useState('');
  const [validTo, setValidTo] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation({
    mutationFn: billingApi.createFee,
    onSuccess: async (entry) => {
      setActCode('');
      setValues(EMPTY_VALUES);
      setValidFrom('');
      setValidTo('');
      setErrors({});
      onCreated(entry.actCode);
      await queryClient.invalidateQueries({ queryKey: BILLING_KEYS.fees });
    },
    onError: (error) => setErrors(serverFieldErrors(error, t, lang)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = FeeEntryCreateSchema.safeParse({ actCode, billedBy, ...valuesOf(values), validFrom, validTo: validTo || null });
    if (!parsed.success) return setErrors(fieldErrorsOf(parsed.error.issues, t));
    setErrors({});
    create.mutate(parsed.data);
  };
  return (
    <section aria-labelledby="fee-create-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={1000}>
          <Stack gap={2}>
            <Title order={2} size="h3" id="fee-create-title">
              {t('fees.createTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('fees.createHint')}
            </Text>
          </Stack>
          <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="md">
            <TextInput label={t('fees.actCode')} required value={actCode} onChange={(e) => setActCode(e.currentTarget.value.toUpperCase())} error={errors.actCode} styles={READABLE_INPUT} />
            <NativeSelect
              label={t('fees.billedBy')}
              value={billedBy}
              onChange={(e) => setBilledBy(e.currentTarget.value as BilledBy)}
              data={BILLED_BY.map((b) => ({ value: b, label: t(`billedBy.${b}`) }))}
              error={errors.billedBy}
            />
            <TextInput type="date" label={t('fees.validFrom')} required value={validFrom} onChange={(e) => setValidFrom(e.currentTarget.value)} error={errors.validFrom} styles={READABLE_INPUT} />
            <TextInput
              type="date"
              label={t('fees.validTo')}
              description={t('fees.validToHint')}
              min={validFrom || undefined}
              value={validTo}
              onChange={(e) => setValidTo(e.currentTarget.value)}
              error={errors.validTo}
              styles={READABLE_INPUT}
            />
          </SimpleGrid>
          <FeeValueFields value={values} onChange={setValues} errors={errors} currency={schedule.currency} />
          {create.error && !Object.keys(serverFieldErrors(create.error, t, lang)).length && <ErrorNotice error={create.error} />}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('fees.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </section>
  );
}
