// The prescription section of the visit page: the prescriptions feature's
// editor (with its own heading), in its own chunk so the notes show at once.
import { Skeleton } from '@mantine/core';
import { lazy, Suspense } from 'react';

const PrescriptionEditor = lazy(async () => ({ default: (await import('../prescriptions/PrescriptionEditor.tsx')).PrescriptionEditor }));

export function VisitPrescription({ appointmentId }: { appointmentId: string }) {
  return (
    <Suspense fallback={<Skeleton height={120} />}>
      <PrescriptionEditor appointmentId={appointmentId} />
    </Suspense>
  );
}
