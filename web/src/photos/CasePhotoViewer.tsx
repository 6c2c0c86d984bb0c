// The case page's viewer: loads the case's photos (and, optionally, those of
// earlier cases to compare with) and shows PhotoViewer, with a skeleton while
// loading and an empty state when there is no photo.
import { Skeleton, Stack } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { listCasePhotos, photosKeys, useCasePhotos } from './api.ts';
import { PhotoViewer, type ComparePhoto } from './PhotoViewer.tsx';

export interface EarlierCaseRef {
  id: string;
  /** When it was submitted (ISO), for the caption. */
  submittedAt: string | null;
}

export interface CasePhotoViewerProps {
  caseId: string;
  /** Earlier cases of the same patient (e.g. CaseDetail.earlierCases filtered on sameBodySite) whose photos can be compared. */
  earlierCases?: EarlierCaseRef[];
}

export function CasePhotoViewer({ caseId, earlierCases = [] }: CasePhotoViewerProps) {
  const { t, i18n } = useTranslation('photos');
  const photos = useCasePhotos(caseId);
  const earlier = useQueries({
    queries: earlierCases.map((c) => ({ queryKey: photosKeys.case(c.id), queryFn: () => listCasePhotos(c.id), retry: false })),
  });
  if (photos.isPending)
    return (
      <Stack gap="xs">
        <Skeleton h="60vh" />
        <Skeleton h={72} />
      </Stack>
    );
  if (photos.isError) return <ErrorNotice error={photos.error} />;
  const dateFormat = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium' });
  const compareWith: ComparePhoto[] = earlierCases.flatMap((c, i) =>
    (earlier[i]?.data?.photos ?? [])
      .filter((p) => p.status === 'ready')
      .map((p) => ({ ...p, caption: t('viewer.earlier', { date: c.submittedAt ? dateFormat.format(new Date(c.submittedAt)) : '' }) })),
  );
  return <PhotoViewer photos={photos.data.photos} compareWith={compareWith} />;
}
