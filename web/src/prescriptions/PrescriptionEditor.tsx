// The dermatologist's prescription editor for one appointment (desktop): the
// prescriptions already signed for it (PDF, verification page), and a form of
// items chosen from the formulary with dosage, duration, quantity and
// renewals. Signing is final: the signed prescription cannot change. The
// unsigned form is kept in this tab's session storage until it is signed.
import { ActionIcon, Alert, Autocomplete, Badge, Button, Card, Group, Loader, Modal, NumberInput, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CreatePrescriptionBodySchema, MAX_ITEMS, MAX_RENEWALS, type FormularyProduct, type Prescription } from '../../../contracts/prescriptions/index.ts';
import { ApiError } from '../api/client.ts';
import { ErrorNotice, useErrorMessage } from '../app/ErrorNotice.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { createPrescription, fetchAppointmentPrescriptions, pdfUrl, prescriptionKeys, searchFormulary } from './api.ts';
import { READABLE_TITLE, dateTime, productLine, routeLabel } from './describe.ts';

interface Row {
  key: string;
  product: FormularyProduct | null;
  dosage: string;
  durationDays: number | '';
  quantity: number | '';
  renewals: number;
}

type FieldErrors = Record<string, string>;

const newRow = (): Row => ({ key: Math.random().toString(36).slice(2), product: null, dosage: '', durationDays: '', quantity: 1, renewals: 0 });
const storageKey = (appointmentId: string) => `dermlink.prescription-draft.${appointmentId}`;

function loadDraft(appointmentId: string): Row[] {
  try {
    const saved = JSON.parse(sessionStorage.getItem(storageKey(appointmentId)) ?? 'null') as Row[] | null;
    if (Array.isArray(saved) && saved.length) return saved;
  } catch {
    // A damaged draft starts again empty.
  }
  return [newRow()];
}

/** "body.items.0.dosage" / "/items/0/dosage" -> "items.0.dosage". */
const normalisePath = (path: string) => path.replace(/^\//, '').replace(/\//g, '.').replace(/^body\./, '');

export function PrescriptionEditor({ appointmentId }: { appointmentId: string }) {
  const { t } = useTranslation('prescriptions');
  const list = useQuery({ queryKey: prescriptionKeys.appointment(appointmentId), queryFn: () => fetchAppointmentPrescriptions(appointmentId) });
  return (
    <Stack gap="lg" component="section" aria-labelledby="prescriptions-title">
      <Title order={2} size="h3" id="prescriptions-title">
        {t('editor.title')}
      </Title>
      {list.isPending && <Skeleton height={80} radius="md" />}
      <ErrorNotice error={list.error} />
      {list.data && list.data.prescriptions.length > 0 && (
        <Stack gap="sm" aria-label={t('editor.signedList')} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {list.data.prescriptions.map((p) => (
            <li key={p.id}>
              <IssuedPrescription prescription={p} />
            </li>
          ))}
        </Stack>
      )}
      {list.data && list.data.prescriptions.length === 0 && <Text c="dimmed">{t('editor.noneYet')}</Text>}
      <PrescriptionForm appointmentId={appointmentId} />
    </Stack>
  );
}

function IssuedPrescription({ prescription }: { prescription: Prescription }) {
  const { t } = useTranslation('prescriptions');
  const lang = currentLanguage();
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600}>{t('editor.signedOn', { date: dateTime(prescription.issuedAt, lang) })}</Text>
          <Badge variant="light" color={prescription.dispensedAt ? 'green' : 'gray'} tt="none">
            {prescription.dispensedAt ? t('status.dispensedOn', { date: dateTime(prescription.dispensedAt, lang) }) : t('status.notDispensed')}
          </Badge>
        </Group>
        <Stack component="ol" gap={4} pl="md" m={0}>
          {prescription.items.map((item) => (
            <li key={item.productCode}>
              <Text size="sm">
                <strong>{productLine(item, lang)}</strong> ({routeLabel(item, lang)}) — {item.dosage} · {t('editor.summary', { days: item.durationDays, quantity: item.quantity, renewals: item.renewals })}
              </Text>
            </li>
          ))}
        </Stack>
        <Group gap="sm">
          <Button component="a" href={pdfUrl(prescription.id, lang)} download variant="light" size="xs">
            {t('actions.downloadPdf')}
          </Button>
          <Button component="a" href={`/verify/${prescription.code}`} target="_blank" rel="noopener" variant="subtle" size="xs">
            {t('actions.openVerification')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function PrescriptionForm({ appointmentId }: { appointmentId: string }) {
  const { t } = useTranslation('prescriptions');
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<Row[]>(() => loadDraft(appointmentId));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirming, setConfirming] = useState(false);
  const [signed, setSigned] = useState<Prescription | null>(null);

  useEffect(() => {
    sessionStorage.setItem(storageKey(appointmentId), JSON.stringify(rows));
  }, [appointmentId, rows]);

  const body = () => ({
    items: rows.map((r) => ({
      productCode: r.product?.code ?? '',
      dosage: r.dosage,
      durationDays: r.durationDays === '' ? Number.NaN : r.durationDays,
      quantity: r.quantity === '' ? Number.NaN : r.quantity,
      renewals: r.renewals,
    })),
  });

  const sign = useMutation({
    mutationFn: () => createPrescription(appointmentId, body()),
    onSuccess: async (prescription) => {
      setConfirming(false);
      setSigned(prescription);
      setRows([newRow()]);
      setErrors({});
      sessionStorage.removeItem(storageKey(appointmentId));
      await queryClient.invalidateQueries({ queryKey: prescriptionKeys.appointment(appointmentId) });
    },
    onError: (error) => {
      setConfirming(false);
      if (error instanceof ApiError) setErrors(Object.fromEntries(Object.entries(error.fieldErrors).map(([p, m]) => [normalisePath(p), m])));
    },
  });

  const review = () => {
    setSigned(null);
    const parsed = CreatePrescriptionBodySchema.safeParse(body());
    if (!parsed.success) {
      const found: FieldErrors = {};
      for (const issue of parsed.error.issues) found[issue.path.map(String).join('.')] ??= issue.message;
      setErrors(found);
      return;
    }
    setErrors({});
    setConfirming(true);
  };

  const update = (key: string, patch: Partial<Row>) => setRows((current) => current.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const message = (path: string) => {
    const m = errors[path];
    if (!m) return undefined;
    return m.startsWith('prescriptions.') ? t(`fieldErrors.${m.slice('prescriptions.'.length)}`, { defaultValue: t('fieldErrors.invalid') }) : t('fieldErrors.invalid');
  };
  const serverError = sign.error && !(sign.error instanceof ApiError && Object.keys(sign.error.fieldErrors).length) ? sign.error : null;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        review();
      }}
      aria-labelledby="new-prescription-title"
      noValidate
    >
      <Stack gap="md">
        <Title order={3} size="h4" id="new-prescription-title">
          {t('editor.newTitle')}
        </Title>
        {signed && (
          <Alert color="green" title={t('editor.signedTitle')} role="status" styles={READABLE_TITLE}>
            {t('editor.signedText')}
          </Alert>
        )}
        {message('items') && (
          <Alert color="red" role="alert">
            {message('items')}
          </Alert>
        )}
        {rows.map((row, index) => (
          <ItemFields
            key={row.key}
            row={row}
            index={index}
            message={message}
            canRemove={rows.length > 1}
            onChange={(patch) => update(row.key, patch)}
            onRemove={() => setRows((current) => current.filter((r) => r.key !== row.key))}
          />
        ))}
        <Group justify="space-between">
          <Button variant="light" onClick={() => setRows((current) => [...current, newRow()])} disabled={rows.length >= MAX_ITEMS}>
            {t('editor.addItem')}
          </Button>
          <Button type="submit">{t('editor.review')}</Button>
        </Group>
        {serverError && (
          <Alert color="red" role="alert">
            {serverError instanceof ApiError && serverError.code === 'not_assigned' ? t('editor.notYours') : errorMessage(serverError)}
          </Alert>
        )}
        <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('editor.confirmTitle')} centered closeButtonProps={{ 'aria-label': t('editor.close') }}>
          <Stack gap="md">
            <Text>{t('editor.confirmText', { count: rows.length })}</Text>
            <Stack component="ol" gap={4} pl="md" m={0}>
              {rows.map((r) => (
                <li key={r.key}>
                  <Text size="sm">
                    {r.product ? productLine(r.product, currentLanguage()) : ''} — {r.dosage}
                  </Text>
                </li>
              ))}
            </Stack>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                {t('editor.back')}
              </Button>
              <Button onClick={() => sign.mutate()} loading={sign.isPending} data-autofocus>
                {t('editor.sign')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      </Stack>
    </form>
  );
}

function ItemFields({
  row,
  index,
  message,
  canRemove,
  onChange,
  onRemove,
}: {
  row: Row;
  index: number;
  message: (path: string) => string | undefined;
  canRemove: boolean;
  onChange: (patch: Partial<Row>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('prescriptions');
  const lang = currentLanguage();
  const legendId = useId();
  const path = (field: string) => `items.${index}.${field}`;
  const restricted = row.product && (row.product.maxDurationDays !== null || !row.product.renewable);
  return (
    <Card withBorder radius="md" padding="md" component="fieldset" aria-labelledby={legendId} style={{ margin: 0 }}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Text component="legend" id={legendId} fw={600} p={0}>
            {t('editor.item', { n: index + 1 })}
          </Text>
          {canRemove && (
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('editor.removeItem', { n: index + 1 })}>
              ×
            </ActionIcon>
          )}
        </Group>
        <ProductPicker value={row.product} onChange={(product) => onChange({ product, renewals: product && !product.renewable ? 0 : row.renewals })} error={message(path('productCode'))} />
        {row.product && (
          <Group gap="xs">
            <Badge variant="outline" tt="none">
              {routeLabel(row.product, lang)}
            </Badge>
            {row.product.potency && (
              <Badge variant="outline" color="red.9" tt="none">
                {t(`potency.${row.product.potency}`)}
              </Badge>
            )}
            {restricted && (
              <Text size="sm" c="red.9">
                {t('editor.restricted', { days: row.product.maxDurationDays ?? 0 })}
              </Text>
            )}
          </Group>
        )}
        <Textarea label={t('editor.dosage')} description={t('editor.dosageHint')} value={row.dosage} onChange={(e) => onChange({ dosage: e.currentTarget.value })} error={message(path('dosage'))} autosize minRows={2} required />
        <Group grow align="flex-start">
          <NumberInput label={t('editor.durationDays')} value={row.durationDays} onChange={(v) => onChange({ durationDays: v === '' ? '' : Number(v) })} min={1} max={row.product?.maxDurationDays ?? 365} allowDecimal={false} error={message(path('durationDays'))} required />
          <NumberInput label={t('editor.quantity')} description={t('editor.quantityHint')} value={row.quantity} onChange={(v) => onChange({ quantity: v === '' ? '' : Number(v) })} min={1} max={99} allowDecimal={false} error={message(path('quantity'))} required />
          <NumberInput
            label={t('editor.renewals')}
            value={row.renewals}
            onChange={(v) => onChange({ renewals: v === '' ? 0 : Number(v) })}
            min={0}
            max={MAX_RENEWALS}
            allowDecimal={false}
            disabled={row.product ? !row.product.renewable : false}
            error={message(path('renewals'))}
          />
        </Group>
      </Stack>
    </Card>
  );
}

function ProductPicker({ value, onChange, error }: { value: FormularyProduct | null; onChange: (p: FormularyProduct | null) => void; error?: string }) {
  const { t } = useTranslation('prescriptions');
  const lang = currentLanguage();
  const [text, setText] = useState(value ? productLine(value, lang) : '');
  const [q] = useDebouncedValue(text.trim(), 200);
  const selected = value !== null && text === productLine(value, lang);
  const search = useQuery({ queryKey: prescriptionKeys.formulary(q, lang), queryFn: () => searchFormulary(q, lang), enabled: q.length >= 2 && !selected, staleTime: 300_000 });
  const products = search.data?.products ?? [];
  return (
    <Autocomplete
      label={t('editor.product')}
      placeholder={t('editor.productPlaceholder')}
      value={text}
      onChange={(v) => {
        setText(v);
        if (value && v !== productLine(value, lang)) onChange(null);
      }}
      data={products.map((p) => productLine(p, lang))}
      filter={({ options }) => options}
      onOptionSubmit={(label) => {
        const product = products.find((p) => productLine(p, lang) === label);
        if (product) {
          onChange(product);
          setText(productLine(product, lang));
        }
      }}
      rightSection={search.isFetching ? <Loader size="xs" /> : null}
      error={error}
      required
      comboboxProps={{ withinPortal: true }}
      limit={25}
    />
  );
}
