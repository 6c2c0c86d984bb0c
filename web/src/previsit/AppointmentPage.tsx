// /appointments/:appointmentId: the clinician's page of a teleconsultation
// (desktop, the dermatologist first; also readable by the referring GP's
// practice and the network's coordinators). When and who, the coordinated
// pathway, the referral (the tele-expertise case or the GP's letter), the
// patient's answers with clinical labels, and the photos as the largest thing
// on the page in the case viewer (zoom, compare with the referral case's
// photos). The dermatologist goes on from here to the video room and to the
// visit notes; the GP's practice may fill the questionnaire for the patient.
import { Alert, Anchor, Badge, Button, Card, Grid, Group, Modal, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import type { AppointmentPreparation } from '../../../contracts/appointments/questionnaire.ts';
import { ApiError } from '../api/client.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { useSession } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { listCasePhotos, photosKeys, useAppointmentPhotos } from '../photos/api.ts';
import { PhotoViewer, type ComparePhoto } from '../photos/lazy.tsx';
import { usePreparation } from './api.ts';
import { appointmentDate, readerTime } from './format.ts';
import { QuestionnaireAnswers } from './QuestionnaireAnswers.tsx';
import { QuestionnaireSteps } from './QuestionnaireSteps.tsx';

const STATUS_COLOR: Record<AppointmentPreparation['status'], string> = { booked: 'blue.9', cancelled: 'gray.7', completed: 'teal.9', no_show: 'orange.9' };

export function AppointmentPage() {
  const { t } = useTranslation('previsit');
  const { appointmentId } = useParams();
  const { data: session } = useSession();
  const isPatient = session?.role === 'patient';
  const prep = usePreparation(isPatient ? undefined : appointmentId);
  // A patient's own appointment page is the plain-language one.
  if (isPatient) return <Navigate to={`/my-care/appointments/${appointmentId}`} replace />;
  if (prep.isPending) return <PageSkeleton />;
  if (prep.isError) {
    if (prep.error instanceof ApiError && prep.error.status === 404)
      return <EmptyState title={t('clinician.notFound.title')} hint={t('clinician.notFound.hint')} action={<Button component={Link} to="/">{t('clinician.back')}</Button>} />;
    return <ErrorNotice error={prep.error} />;
  }
  return <AppointmentView data={prep.data} />;
}

function AppointmentView({ data }: { data: AppointmentPreparation }) {
  const { t } = useTranslation('previsit');
  const lang = currentLanguage();
  const { data: session } = useSession();
  const role = session?.role;
  const [filling, setFilling] = useState(false);
  const p = data.patient;
  const minutes = Math.round((new Date(data.endsAt).getTime() - new Date(data.startsAt).getTime()) / 60_000);
  const local = readerTime(data.startsAt, lang, data.timeZone);
  const isDermatologist = role === 'dermatologist' && session?.user.id === data.dermatologist.id;

  return (
    <Stack gap="sm" data-testid="appointment-page">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            {t('clinician.title')}
          </Text>
          <Group gap="xs">
            <Title order={1} size="h3">
              {p.familyName.toUpperCase()} {p.givenName}
            </Title>
            <Text c="dimmed">{t('clinician.ageSex', { age: p.age, sex: t(`clinician.sex.${p.sex}`) })}</Text>
            <Badge color={STATUS_COLOR[data.status]} variant="outline" tt="none">
              {t(`clinician.status.${data.status}`)}
            </Badge>
            <Badge color={data.coordinated ? 'teal.9' : 'gray.7'} variant={data.coordinated ? 'filled' : 'outline'} tt="none" data-testid="pathway-badge">
              {data.coordinated ? t('clinician.coordinated') : t('clinician.notCoordinated')}
            </Badge>
          </Group>
          <Text fw={600}>
            {appointmentDate(data.startsAt, lang, data.timeZone)} · {t('clinician.duration', { minutes })}
            {local ? ` · ${t('clinician.localTime', { time: local })}` : ''}
          </Text>
          <Text size="sm" c="dimmed">
            {t('clinician.with')}: {data.dermatologist.name} · {t('clinician.service')}: {data.service.name}
          </Text>
        </Stack>
        {isDermatologist && (
          <Group gap="xs" role="group" aria-label={t('clinician.actions')}>
            <Button component={Link} to={`/appointments/${data.id}/video`} disabled={data.status === 'cancelled'}>
              {t('clinician.openVideo')}
            </Button>
            <Button component={Link} to={`/appointments/${data.id}/visit`} variant="default">
              {t('clinician.openVisit')}
            </Button>
          </Group>
        )}
      </Group>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7, xl: 8 }}>
          <Card withBorder padding="sm">
            <Title order={2} size="h5" mb="xs">
              {t('clinician.photos')}
            </Title>
            <AppointmentPhotos appointmentId={data.id} referralCaseId={data.referral?.caseId ?? null} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, xl: 4 }}>
          <Stack gap="md">
            <Card withBorder padding="sm">
              <Title order={2} size="h5" mb="xs">
                {t('clinician.referral')}
              </Title>
              <Referral data={data} caseLink={(caseId) => (role === 'dermatologist' ? `/queue/${caseId}` : `/cases/${caseId}`)} />
            </Card>
            <Card withBorder padding="sm">
              <Group justify="space-between" mb="xs">
                <Title order={2} size="h5">
                  {t('clinician.questionnaire')}
                </Title>
                {data.canEditQuestionnaire && (
                  <Button size="xs" variant="default" onClick={() => setFilling(true)}>
                    {t('clinician.fillForPatient')}
                  </Button>
                )}
              </Group>
              <QuestionnaireAnswers questionnaire={data.questionnaire} />
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
      <Modal opened={filling} onClose={() => setFilling(false)} title={t('clinician.fillForPatient')} size="lg" closeButtonProps={{ 'aria-label': t('clinician.closeForm') }}>
        <QuestionnaireSteps appointmentId={data.id} questionnaire={data.questionnaire} onSubmitted={() => setFilling(false)} />
      </Modal>
    </Stack>
  );
}

function Referral({ data, caseLink }: { data: AppointmentPreparation; caseLink: (caseId: string) => string }) {
  const { t } = useTranslation('previsit');
  const referral = data.referral;
  return (
    <Stack gap="xs">
      {!data.coordinated && (
        <Text size="sm" c="dimmed">
          {t('clinician.notCoordinatedHint')}
        </Text>
      )}
      {!referral ? (
        <Text size="sm">{t('clinician.noReferral')}</Text>
      ) : (
        <>
          {referral.referrer && (
            <Text size="sm">
              {t('clinician.referredBy', {
                name: referral.organisation ? t('clinician.referredFrom', { name: referral.referrer.name, organisation: referral.organisation.name }) : referral.referrer.name,
              })}
            </Text>
          )}
          {referral.caseId && (
            <Anchor component={Link} to={caseLink(referral.caseId)} size="sm" fw={600}>
              {t('clinician.openCase')}
            </Anchor>
          )}
          {referral.followsCase && !referral.caseId && <Text size="sm">{t('clinician.caseNotShared')}</Text>}
          {referral.letter && (
            <Stack gap={2}>
              <Text size="sm" fw={600}>
                {t('clinician.letter')}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="referral-letter">
                {referral.letter}
              </Text>
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}

/** The appointment's photos in the case viewer, the referral case's photos offered for comparison. */
function AppointmentPhotos({ appointmentId, referralCaseId }: { appointmentId: string; referralCaseId: string | null }) {
  const { t } = useTranslation('previsit');
  const photos = useAppointmentPhotos(appointmentId);
  const earlier = useQuery({
    queryKey: photosKeys.case(referralCaseId ?? ''),
    queryFn: () => listCasePhotos(referralCaseId!),
    enabled: Boolean(referralCaseId),
    retry: false,
  });
  if (photos.isPending) return <Skeleton h="60vh" />;
  if (photos.isError) return <ErrorNotice error={photos.error} />;
  if (photos.data.photos.length === 0)
    return (
      <Alert color="gray" role="status" title={t('clinician.noPhotos')} data-testid="no-photos">
        {t('clinician.noPhotosHint')}
      </Alert>
    );
  const compareWith: ComparePhoto[] = (earlier.data?.photos ?? [])
    .filter((photo) => photo.status === 'ready')
    .map((photo) => ({ ...photo, caption: t('clinician.referralCase') }));
  return (
    <Suspense fallback={<Skeleton h="60vh" />}>
      <div data-slot="photos">
        <PhotoViewer photos={photos.data.photos} compareWith={compareWith} />
      </div>
    </Suspense>
  );
}
