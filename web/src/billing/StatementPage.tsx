// The monthly billing statement (/billing): a dermatologist's or GP's own
// (desktop and phone), or, for a coordinator, any clinician of the network.
// Month picker, totals (amount, insurer, patient, still due), the lines with
// the cap or video explanation, CSV and PDF downloads, and "paid at the
// practice" for a patient's share still due.
import { Alert, Badge, Button, Card, Group, NativeSelect, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BillingLine, Statement } from '../../../contracts/billing/index.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice, useErrorMessage } from '../app/ErrorNotice.tsx';
import { useSession } from '../app/session.ts';
import { currentLanguage } from '../i18n/index.ts';
import { BILLING_KEYS, billingApi, statementFileUrl } from './api.ts';
import { explanation, monthName, money, recentMonths, shortDay } from './format.ts';

/** Light badges paint their label in the badge colour, below AA on a striped row: keep the text colour. */
const READABLE_BADGE = { label: { color: 'var(--mantine-color-text)' } } as const;
const STATUS_COLOR = { not_due: 'gray', due: 'orange', paid: 'teal' } as const;

export function StatementPage() {
  const { t } = useTranslation('billing');
  const lang = currentLanguage();
  const session = useSession();
  const coordinator = session.data?.role === 'coordinator';
  const months = recentMonths();
  const [month, setMonth] = useState(months[0]!);
  const [clinicianId, setClinicianId] = useState<string | null>(null);
  const clinicians = useQuery({ queryKey: BILLING_KEYS.clinicians, queryFn: billingApi.clinicians, enabled: coordinator });
  const ready = !coordinator || clinicianId !== null;
  const statement = useQuery({
    queryKey: BILLING_KEYS.statement(month, clinicianId),
    queryFn: () => billingApi.statement(month, clinicianId),
    enabled: session.isSuccess && ready,
    placeholderData: (prev) => prev,
  });
  const s = ready ? statement.data : undefined;

  return (
    <Stack gap="lg" maw={1200}>
      <Title order={1}>{t('statement.title')}</Title>
      <Stack component="form" gap="sm" onSubmit={(e) => e.preventDefault()} aria-label={t('statement.filters')}>
        <Group align="flex-end" gap="md" wrap="wrap">
          <NativeSelect
            label={t('statement.month')}
            value={month}
            onChange={(e) => setMonth(e.currentTarget.value)}
            data={months.map((m) => ({ value: m, label: monthName(m, lang) }))}
            size="md"
            miw={200}
          />
          {coordinator && (
            <NativeSelect
              label={t('statement.clinician')}
              value={clinicianId ?? ''}
              onChange={(e) => setClinicianId(e.currentTarget.value || null)}
              data={[
                { value: '', label: t('statement.chooseClinician') },
                ...(clinicians.data?.clinicians ?? []).map((c) => ({ value: c.id, label: `${c.name} · ${t(`role.${c.role}`)} · ${c.organisationName}` })),
              ]}
              size="md"
              miw={320}
            />
          )}
        </Group>
        {ready && (
          <Group gap="sm">
            <Button component="a" href={statementFileUrl(month, clinicianId, 'csv', lang)} download variant="default" size="md">
              {t('statement.csv')}
            </Button>
            <Button component="a" href={statementFileUrl(month, clinicianId, 'pdf', lang)} download variant="default" size="md">
              {t('statement.pdf')}
            </Button>
          </Group>
        )}
      </Stack>
      <ErrorNotice error={statement.error ?? clinicians.error} />
      {coordinator && !ready && <EmptyState title={t('statement.pickTitle')} hint={t('statement.pickHint')} />}
      {ready && statement.isPending && <Skeleton height={240} radius="md" />}
      {s && <StatementBody statement={s} canMarkPaid={!coordinator} />}
    </Stack>
  );
}

function StatementBody({ statement, canMarkPaid }: { statement: Statement; canMarkPaid: boolean }) {
  const { t } = useTranslation('billing');
  const lang = currentLanguage();
  return (
    <Stack gap="lg">
      <Text>
        {t('statement.of', { name: statement.clinician.name, month: monthName(statement.month, lang) })}{' '}
        <Text span c="dimmed">
          {statement.paymentMode === 'online' ? t('statement.onlineNote') : t('statement.practiceNote')}
        </Text>
      </Text>
      {statement.totals.map((total) => (
        <SimpleGrid key={total.currency} cols={{ base: 2, sm: 4 }} spacing="sm" component="dl" m={0} aria-label={t('statement.totals')}>
          {[
            [t('statement.totalAmount', { count: total.count }), money(total.amountCents, total.currency, lang)],
            [t('statement.totalInsurer'), money(total.insurerCents, total.currency, lang)],
            [t('statement.totalPatient'), money(total.patientCents, total.currency, lang)],
            [t('statement.totalDue'), money(total.patientDueCents, total.currency, lang)],
          ].map(([label, value]) => (
            <Card key={label} withBorder radius="md" padding="sm">
              <Text component="dt" size="sm" c="dimmed">
                {label}
              </Text>
              <Text component="dd" m={0} fz="xl" fw={650} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {value}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      ))}
      {statement.lines.length === 0 ? (
        <EmptyState title={t('statement.emptyTitle')} hint={t('statement.emptyHint')} />
      ) : (
        <>
          <LinesTable lines={statement.lines} canMarkPaid={canMarkPaid} paymentMode={statement.paymentMode} />
          <LinesCards lines={statement.lines} canMarkPaid={canMarkPaid} paymentMode={statement.paymentMode} />
        </>
      )}
    </Stack>
  );
}

interface LinesProps {
  lines: BillingLine[];
  canMarkPaid: boolean;
  paymentMode: Statement['paymentMode'];
}

function PaymentCell({ line, canMarkPaid, paymentMode }: { line: BillingLine; canMarkPaid: boolean; paymentMode: Statement['paymentMode'] }) {
  const { t } = useTranslation('billing');
  const lang = currentLanguage();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const mark = useMutation({
    mutationFn: () => billingApi.markPaid(line.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['billing', 'statement'] }),
  });
  const status = line.paymentStatus === 'paid' && line.paidVia ? t(`payment.paidVia.${line.paidVia}`) : t(`payment.status.${line.paymentStatus}`);
  return (
    <Stack gap={4} align="flex-start">
      <Badge variant="light" color={STATUS_COLOR[line.paymentStatus]} tt="none" styles={READABLE_BADGE}>
        {status}
      </Badge>
      {line.paymentStatus === 'due' && paymentMode === 'practice' && (
        <Text size="xs" c="dimmed">
          {t('payment.atPractice')}
        </Text>
      )}
      {line.paymentStatus === 'due' && canMarkPaid && (
        <Button size="compact-sm" variant="light" loading={mark.isPending} onClick={() => mark.mutate()} aria-label={t('payment.markPaidOf', { patient: line.patient.name, date: shortDay(line.actDate, lang) })} mih={36}>
          {t('payment.markPaid')}
        </Button>
      )}
      {mark.error && (
        <Text size="xs" c="red.8" role="alert">
          {message(mark.error)}
        </Text>
      )}
    </Stack>
  );
}

function LinesTable({ lines, canMarkPaid, paymentMode }: LinesProps) {
  const { t } = useTranslation('billing');
  const lang = currentLanguage();
  return (
    <Table.ScrollContainer minWidth={900} type="native" visibleFrom="sm" tabIndex={0} role="region" aria-label={t('statement.lines')}>
      <Table striped verticalSpacing="xs">
        <caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 650, paddingBottom: 8 }}>{t('statement.lines')}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('statement.date')}</Table.Th>
            <Table.Th scope="col">{t('statement.act')}</Table.Th>
            <Table.Th scope="col">{t('statement.patient')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('statement.amount')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('statement.insurer')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('statement.patientShare')}
            </Table.Th>
            <Table.Th scope="col">{t('statement.payment')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l) => {
            const why = explanation(l, t, lang);
            return (
              <Table.Tr key={l.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{shortDay(l.actDate, lang)}</Table.Td>
                <Table.Td>
                  <Text fw={600} span>
                    {l.actCode}
                  </Text>{' '}
                  {lang === 'fr' ? l.labelFr : l.labelEn}
                  {l.source === 'visit' && (
                    <Text size="xs" c="dimmed">
                      {l.coordinated ? t('statement.coordinated') : t('statement.uncoordinated')}
                    </Text>
                  )}
                  {why && (
                    <Text size="sm" c="orange.9" fw={500}>
                      {why}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{l.patient.name}</Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {money(l.amountCents, l.currency, lang)}
                </Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {money(l.insurerAmountCents, l.currency, lang)} <Text span size="xs" c="dimmed">({l.insurerSharePercent}%)</Text>
                </Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {money(l.patientAmountCents, l.currency, lang)}
                </Table.Td>
                <Table.Td>
                  <PaymentCell line={l} canMarkPaid={canMarkPaid} paymentMode={paymentMode} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** On a phone: one card per line, the amounts as short sentences. */
function LinesCards({ lines, canMarkPaid, paymentMode }: LinesProps) {
  const { t } = useTranslation('billing');
  const lang = currentLanguage();
  return (
    <Stack gap="sm" hiddenFrom="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('statement.lines')}>
      {lines.map((l) => {
        const why = explanation(l, t, lang);
        return (
          <Card key={l.id} component="li" withBorder radius="md" padding="md">
            <Stack gap={6}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text fw={650}>
                  {l.actCode} · {shortDay(l.actDate, lang)}
                </Text>
                <Text fw={650} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {money(l.amountCents, l.currency, lang)}
                </Text>
              </Group>
              <Text>{l.patient.name}</Text>
              <Text size="sm">
                {t('statement.split', { insurer: money(l.insurerAmountCents, l.currency, lang), percent: l.insurerSharePercent, patient: money(l.patientAmountCents, l.currency, lang) })}
              </Text>
              {why && (
                <Alert color="orange" variant="light" p="xs">
                  <Text size="sm">{why}</Text>
                </Alert>
              )}
              <PaymentCell line={l} canMarkPaid={canMarkPaid} paymentMode={paymentMode} />
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}
