// The photos of a case, from the photos feature (web/src/photos, loaded on
// demand): capture + upload queue + list while the GP may add photos, the
// list read-only elsewhere, and the large viewer on the dermatologist's page.
import { Skeleton, Stack } from '@mantine/core';
import { Suspense } from 'react';
import { CasePhotoList, CasePhotoViewer, PhotoStep, type EarlierCaseRef } from '../photos/lazy.tsx';

const Loading = ({ h = 160 }: { h?: number | string }) => (
  <Stack gap="xs" aria-busy="true">
    <Skeleton h={h} />
  </Stack>
);

export function PhotoSlot({ caseId, editable = false }: { caseId: string; editable?: boolean }) {
  return (
    <Suspense fallback={<Loading />}>
      <div data-slot="photos">{editable ? <PhotoStep caseId={caseId} /> : <CasePhotoList caseId={caseId} />}</div>
    </Suspense>
  );
}

/** The dermatologist's viewer: the largest thing on the page; j/k and arrows step through photos. */
export function ExpertPhotoSlot({ caseId, earlierCases }: { caseId: string; earlierCases: EarlierCaseRef[] }) {
  return (
    <Suspense fallback={<Loading h="60vh" />}>
      <div data-slot="photos">
        <CasePhotoViewer caseId={caseId} earlierCases={earlierCases} />
      </div>
    </Suspense>
  );
}
