// The photos feature's entry points for other features, each loaded on demand
// (camera, worker, tus-js-client and viewer stay out of the first download).
// Wrap them in <Suspense fallback={<Skeleton .../>}>.
import { lazy } from 'react';

export const PhotoStep = lazy(async () => ({ default: (await import('./PhotoStep.tsx')).PhotoStep }));
export const PhotoCapture = lazy(async () => ({ default: (await import('./PhotoCapture.tsx')).PhotoCapture }));
export const PhotoQueue = lazy(async () => ({ default: (await import('./PhotoQueue.tsx')).PhotoQueue }));
export const CasePhotoList = lazy(async () => ({ default: (await import('./CasePhotoList.tsx')).CasePhotoList }));
export const PhotoViewer = lazy(async () => ({ default: (await import('./PhotoViewer.tsx')).PhotoViewer }));
export const CasePhotoViewer = lazy(async () => ({ default: (await import('./CasePhotoViewer.tsx')).CasePhotoViewer }));

export type { PhotoStepProps } from './PhotoStep.tsx';
export type { PhotoCaptureProps } from './PhotoCapture.tsx';
export type { PhotoQueueProps } from './PhotoQueue.tsx';
export type { CasePhotoListProps } from './CasePhotoList.tsx';
export type { PhotoViewerProps, ComparePhoto } from './PhotoViewer.tsx';
export type { CasePhotoViewerProps, EarlierCaseRef } from './CasePhotoViewer.tsx';
