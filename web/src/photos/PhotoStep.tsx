// Everything the GP needs for the photos of a case, in one column: capture
// (camera or file, instant verdict), the upload queue, and the photos already
// on the server. Mount it in the request wizard's photo step and on the
// requester's case page while photos can be added.
import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCasePhotos } from './api.ts';
import { CasePhotoList } from './CasePhotoList.tsx';
import { PhotoCapture } from './PhotoCapture.tsx';
import { PhotoQueue } from './PhotoQueue.tsx';

export interface PhotoStepProps {
  caseId: string;
  /** Show the capture (default: when the API says photos may be added). */
  canAdd?: boolean;
}

export function PhotoStep({ caseId, canAdd }: PhotoStepProps) {
  const { t } = useTranslation('photos');
  const photos = useCasePhotos(caseId);
  const allowed = canAdd ?? photos.data?.canAdd ?? true;
  const presentTags = (photos.data?.photos ?? []).filter((p) => p.status !== 'refused').map((p) => p.tag);
  return (
    <Stack gap="md" data-testid="photo-step">
      {allowed && photos.isSuccess && <PhotoCapture key={caseId} caseId={caseId} presentTags={presentTags} defaultTag={(['overview', 'close_up', 'dermoscopy'] as const).find((tag) => !presentTags.includes(tag)) ?? 'other'} />}
      <PhotoQueue caseId={caseId} />
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('list.title')}
        </Title>
        <CasePhotoList caseId={caseId} editable={allowed} />
      </Stack>
    </Stack>
  );
}
