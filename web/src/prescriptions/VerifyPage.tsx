// /verify/:code, the address a prescription's QR code carries. No sign-in:
// anyone sees whether the prescription is authentic, who prescribed it, when,
// and whether it was dispensed (never patient data). A signed-in pharmacist
// also sees the items and the patient's initials and birth year to check the
// person at the counter, and marks it dispensed, once.
import { Alert, Button, Card, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { VERIFICATION_REFUSALS, type Verification } from '../../../contracts/prescriptions/index.ts';
import { ApiError } from '../api/client.ts';
import { ErrorNotice, useErrorMessage } from '../app/ErrorNotice.tsx';
import { isSignedIn, useSession } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { dispense, prescriptionKeys, verifyCode } from './api.ts';
import { READABLE_TITLE, dateTime, longDate, productLine, routeLabel } from './describe.ts';

type Refusal = (typeof VERIFICATION_REFUSALS)[number];
const isRefusal = (error: unknown): error is ApiError & { code: Refusal } => error instanceof ApiError && (VERIFICATION_REFUSALS as readonly string[]).includes(error.code);

export function VerifyPage() {
  const { t } = useTranslation('prescriptions');
  const { code = '' } = useParams();
  const session = useSession();
  const pharmacist = isSignedIn(session.data) && session.data.role === 'pharmacist';
  const key = [...prescriptionKeys.verification(code), pharmacist] as const;
  // Each pharmacist view is an audited read: no refetch on focus.
  const verification = useQuery({ queryKey: key, queryFn: () => verifyCode(code), enabled: !session.isPending, retry: false, refetchOnWindowFocus: false });

  return (
    <Stack gap="lg" maw={640}>
      <Title order={1} size="h2">
        {t('verify.title')}
      </Title>
      {(session.isPending || verification.isPending) && <PageSkeleton />}
      {verification.error && isRefusal(verification.error) && <Refused code={verification.error.code} />}
      {verification.error && !isRefusal(verification.error) && <ErrorNotice error={verification.error} />}
      {verification.data && <Authentic verification={verification.data} code={code} queryKey={key} pharmacist={pharmacist} />}
      {!isSignedIn(session.data) && !session.isPending && (
        <Text size="sm" c="dimmed">
          {t('verify.pharmacistHint')}{' '}
          <Link to="/sign-in">{t('verify.signIn')}</Link>
        </Text>
      )}
    </Stack>
  );
}

function Refused({ code }: { code: Refusal }) {
  const { t } = useTranslation('prescriptions');
  return (
    <Alert color="red" variant="light" title={t('verify.refusedTitle')} role="alert" data-testid="verification-refused" styles={READABLE_TITLE}>
      <Stack gap="xs">
        <Text fw={700}>{t(`verify.refused.${code}.title`)}</Text>
        <Text>{t(`verify.refused.${code}.text`)}</Text>
      </Stack>
    </Alert>
  );
}

function Authentic({ verification: v, code, queryKey, pharmacist }: { verification: Verification; code: string; queryKey: readonly unknown[]; pharmacist: boolean }) {
  const { t } = useTranslation('prescriptions');
  const lang = currentLanguage();
  const idKind = v.prescriber.professionalIdKind === 'gmc' ? 'GMC' : 'RPPS';
  return (
    <Stack gap="md">
      <Alert color="green" variant="light" title={`✓ ${t('verify.authenticTitle')}`} role="status" data-testid="verification-authentic" styles={READABLE_TITLE}>
        {t('verify.authenticText')}
      </Alert>
      <Card withBorder radius="md" padding="lg">
        <Stack gap="xs" component="dl" m={0}>
          <Fact label={t('verify.prescriber')} value={v.prescriber.name} />
          {v.prescriber.professionalId && <Fact label={t('verify.identifier')} value={`${idKind} ${v.prescriber.professionalId}`} />}
          <Fact label={t('verify.service')} value={v.prescriber.service} />
          <Fact label={t('verify.issuedOn')} value={longDate(v.issuedAt, lang)} />
          <Fact
            label={t('verify.dispensed')}
            value={
              v.dispensed
                ? v.dispensed.pharmacy
                  ? t('verify.dispensedAtPharmacy', { date: dateTime(v.dispensed.at, lang), pharmacy: v.dispensed.pharmacy })
                  : t('verify.dispensedAt', { date: dateTime(v.dispensed.at, lang) })
                : t('verify.notDispensed')
            }
          />
        </Stack>
      </Card>
      {pharmacist && v.forPharmacist && <PharmacistPanel verification={v} code={code} queryKey={queryKey} />}
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="baseline">
      <Text component="dt" fw={600} miw={160}>
        {label}
      </Text>
      <Text component="dd" m={0}>
        {value}
      </Text>
    </Group>
  );
}

function PharmacistPanel({ verification: v, code, queryKey }: { verification: Verification; code: string; queryKey: readonly unknown[] }) {
  const { t } = useTranslation('prescriptions');
  const lang = currentLanguage();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const mark = useMutation({
    mutationFn: () => dispense(code),
    onSuccess: (updated) => {
      setConfirming(false);
      queryClient.setQueryData(queryKey, updated);
    },
    onError: async () => {
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey });
    },
  });
  const forPharmacist = v.forPharmacist!;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="for-pharmacist">
      <Stack gap="md">
        <Title order={2} size="h3" id="for-pharmacist">
          {t('verify.forPharmacist')}
        </Title>
        <Text>{t('verify.checkIdentity', { initials: forPharmacist.patientInitials, year: forPharmacist.patientBirthYear })}</Text>
        <List type="ordered" spacing="xs">
          {forPharmacist.items.map((item) => (
            <List.Item key={item.productCode}>
              <Text fw={600}>
                {productLine(item, lang)} ({routeLabel(item, lang)})
              </Text>
              <Text size="sm">{item.dosage}</Text>
              <Text size="sm" c="dimmed">
                {t('editor.summary', { days: item.durationDays, quantity: item.quantity, renewals: item.renewals })}
              </Text>
            </List.Item>
          ))}
        </List>
        {mark.error && (
          <Alert color="red" role="alert">
            {errorMessage(mark.error)}
          </Alert>
        )}
        {mark.isSuccess && (
          <Alert color="green" role="status">
            {t('verify.dispenseDone')}
          </Alert>
        )}
        {!v.dispensed && (
          <Button size="md" onClick={() => setConfirming(true)} style={{ alignSelf: 'flex-start' }}>
            {t('verify.dispense')}
          </Button>
        )}
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('verify.dispenseConfirmTitle')} centered closeButtonProps={{ 'aria-label': t('editor.close') }}>
        <Stack gap="md">
          <Text>{t('verify.dispenseConfirmText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('editor.back')}
            </Button>
            <Button onClick={() => mark.mutate()} loading={mark.isPending} data-autofocus>
              {t('verify.dispenseConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
