// "Prepare your visit", for the patient on a phone: the questionnaire in a few
// short steps (saved as typed) and photos through the photo pipeline (in-app
// camera or a file, quality verdict at once, a queue that waits for the
// network). Self-contained: embed it on the patient's appointment page
// (<PatientPrevisit appointmentId={id} />); it also has its own page,
// /my-care/appointments/:appointmentId/prepare (PreparePage.tsx).
import { Alert, Button, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhotoTag } from '../../../contracts/photos/photos.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { PhotoCapture, PhotoQueue } from '../photos/lazy.tsx';
import { usePreparation } from './api.ts';
import { AppointmentPhotoGrid } from './AppointmentPhotoGrid.tsx';
import { QuestionnaireSteps } from './QuestionnaireSteps.tsx';

/** The types a patient is asked for (a dermatoscope is a clinician's tool). */
const PATIENT_TAGS: readonly PhotoTag[] = ['overview', 'close_up', 'other'];

export interface PatientPrevisitProps {
  appointmentId: string;
  /** Show the section's own heading (h2); off when the page's h1 already says it. */
  withTitle?: boolean;
}

export function PatientPrevisit({ appointmentId, withTitle = true }: PatientPrevisitProps) {
  const { t } = useTranslation('previsit');
  const titleId = useId();
  const prep = usePreparation(appointmentId);
  const [editing, setEditing] = useState(false);

  if (prep.isPending)
    return (
      <Stack gap="md" aria-busy="true">
        <Skeleton h={28} w="60%" />
        <Skeleton h={220} radius="md" />
        <Skeleton h={120} radius="md" />
      </Stack>
    );
  if (prep.isError) return <ErrorNotice error={prep.error} />;
  const data = prep.data;
  const q = data.questionnaire;
  const sent = q.submittedAt !== null;
  const closed = !data.canEditQuestionnaire && !data.canAddPhotos;

  return (
    <Stack component="section" gap="lg" aria-labelledby={withTitle ? titleId : undefined} data-testid="patient-previsit">
      {withTitle && (
        <Title order={2} size="h3" id={titleId}>
          {t('prepare.title')}
        </Title>
      )}
      {data.status === 'cancelled' ? (
        <Alert color="gray" role="status">
          {t('prepare.cancelled')}
        </Alert>
      ) : closed ? (
        <Alert color="gray" role="status">
          {t('prepare.over')}
        </Alert>
      ) : (
        <Text>{t('prepare.intro')}</Text>
      )}

      {data.status !== 'cancelled' && (
        <>
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t('prepare.questionsTitle')}
            </Title>
            {data.canEditQuestionnaire && (!sent || editing) ? (
              <>
                {q.filledBy === 'practice' && !sent && (
                  <Alert color="blue" role="status">
                    {t('prepare.sentByPractice')}
                  </Alert>
                )}
                <QuestionnaireSteps appointmentId={appointmentId} questionnaire={q} onSubmitted={() => setEditing(false)} />
              </>
            ) : sent ? (
              <Stack gap="sm">
                <Alert color="green" role="status" data-testid="questionnaire-sent">
                  {q.filledBy === 'practice' ? t('prepare.sentByPractice') : t('prepare.sent')}
                </Alert>
                {data.canEditQuestionnaire && (
                  <Button size="lg" mih={48} variant="default" onClick={() => setEditing(true)}>
                    {t('prepare.change')}
                  </Button>
                )}
              </Stack>
            ) : null}
          </Stack>

          <Stack gap="sm">
            <Title order={3} size="h4">
              {t('prepare.photosTitle')}
            </Title>
            {data.canAddPhotos && <Text>{t('prepare.photosIntro')}</Text>}
            <Suspense fallback={<Skeleton h={160} radius="md" />}>
              {data.canAddPhotos && (
                <PhotoCapture
                  appointmentId={appointmentId}
                  tags={PATIENT_TAGS}
                  wording={{ tag: (tag) => t(`photos.tag.${tag}`), hint: (tag) => t(`photos.hint.${tag}`), noteHint: t('photos.noteHint'), fileHint: t('photos.fileHint') }}
                />
              )}
              <PhotoQueue appointmentId={appointmentId} />
            </Suspense>
            <AppointmentPhotoGrid appointmentId={appointmentId} audience="patient" />
          </Stack>
        </>
      )}
    </Stack>
  );
}
