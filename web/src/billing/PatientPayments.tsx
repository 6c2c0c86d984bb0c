// The patient's amounts (phone, plain language): for each visit with a part to
// pay, what it cost, what the health insurance pays and what is left for
// them; "Pay now" through Stripe when online payment is on, else "pay at the
// practice". Coming back from Stripe says what happens next: the payment is
// confirmed by Stripe's signed notification, not by the return itself.
import { Alert, Badge, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { PatientPayment, PaymentMode } from '../../../contracts/billing/index.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { BILLING_KEYS, billingApi } from './api.ts';
import { longDay, money } from './format.ts';

export function PatientPayments({ checkoutResult }: { checkoutResult?: 'success' | 'cancelled' | null }) {
  const { t } = useTranslation('billing');
  // Just back from paying: look again until Stripe's notification has arrived.
  const payments = useQuery({
    queryKey: BILLING_KEYS.myPayments,
    queryFn: billingApi.myPayments,
    refetchInterval: (query) => (checkoutResult === 'success' && query.state.data?.payments.some((p) => p.paymentStatus === 'due') ? 5_000 : false),
  });
  const data = payments.data;
  return (
    <Stack gap="md" component="section" aria-labelledby="my-payments-title">
      <Title order={2} size="h3" id="my-payments-title">
        {t('patient.title')}
      </Title>
      {checkoutResult === 'success' && (
        <Alert color="teal" variant="light" role="status">
          {t('patient.checkoutSuccess')}
        </Alert>
      )}
      {checkoutResult === 'cancelled' && (
        <Alert color="gray" variant="light" role="status">
          {t('patient.checkoutCancelled')}
        </Alert>
      )}
      {payments.isPending && <Skeleton height={160} radius="md" />}
      <ErrorNotice error={payments.error} />
      {data && data.payments.length === 0 && <EmptyState title={t('patient.emptyTitle')} hint={t('patient.emptyHint')} />}
      {data?.payments.map((p) => <PaymentCard key={p.id} payment={p} mode={data.paymentMode} />)}
    </Stack>
  );
}

function PaymentCard({ payment, mode }: { payment: PatientPayment; mode: PaymentMode }) {
  const { t } = useTranslation('billing');
  const lang = currentLanguage();
  const titleId = `payment-${payment.id}`;
  const checkout = useMutation({
    mutationFn: () => billingApi.checkout(payment.id),
    onSuccess: ({ url }) => window.location.assign(url),
  });
  const m = (cents: number) => money(cents, payment.currency, lang);
  const due = payment.paymentStatus === 'due';
  return (
    <Card component="article" withBorder radius="md" padding="lg" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h4" id={titleId}>
            {t(`patient.kind.${payment.kind}`, { name: payment.clinicianName, date: longDay(payment.actDate, lang) })}
          </Title>
          <Badge size="lg" variant="dot" tt="none" color={due ? 'orange' : 'teal'}>
            {due ? t('patient.toPay') : t('patient.paid')}
          </Badge>
        </Group>
        <Text fz="lg">{t(`patient.cost.${payment.kind}`, { amount: m(payment.amountCents) })}</Text>
        <Text fz="lg">{t('patient.insurerPays', { amount: m(payment.insurerAmountCents) })}</Text>
        <Text fz="lg" fw={650}>
          {due ? t('patient.youPay', { amount: m(payment.patientAmountCents) }) : t('patient.youPaid', { amount: m(payment.patientAmountCents), date: payment.paidAt ? longDay(payment.paidAt.slice(0, 10), lang) : '' })}
        </Text>
        {due && mode === 'practice' && <Text fz="lg">{t('patient.payAtPractice')}</Text>}
        {due && mode === 'online' && (
          <>
            <ErrorNotice error={checkout.error} />
            <Button size="lg" fullWidth mih={48} loading={checkout.isPending} onClick={() => checkout.mutate()}>
              {t('patient.payNow', { amount: m(payment.patientAmountCents) })}
            </Button>
            <Text size="sm" c="dimmed">
              {t('patient.payNowHint')}
            </Text>
          </>
        )}
      </Stack>
    </Card>
  );
}
