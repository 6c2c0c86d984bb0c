// The photos API as the web app calls it (URLs and types from contracts/photos).
import { useQuery } from '@tanstack/react-query';
import { SETTLED_PHOTO_STATUSES, type AppointmentPhotosResponse, type CasePhotosResponse } from '../../../contracts/photos/photos.ts';
import { del, get, getInBackground } from '../api/client.ts';

export const photosKeys = {
  all: ['photos'] as const,
  case: (caseId: string) => ['photos', 'case', caseId] as const,
  appointment: (appointmentId: string) => ['photos', 'appointment', appointmentId] as const,
};

export const listCasePhotos = (caseId: string, background = false) =>
  (background ? getInBackground : get)<CasePhotosResponse>(`/api/cases/${caseId}/photos`);
export const deletePhoto = (photoId: string) => del<{ deleted: true }>(`/api/photos/${photoId}`);

export const listAppointmentPhotos = (appointmentId: string) => get<AppointmentPhotosResponse>(`/api/appointments/${appointmentId}/photos`);

/** A teleconsultation appointment's photos; polls every 3 s while one is still being checked. */
export function useAppointmentPhotos(appointmentId: string, enabled = true) {
  return useQuery({
    queryKey: photosKeys.appointment(appointmentId),
    queryFn: () => listAppointmentPhotos(appointmentId),
    enabled,
    refetchInterval: (query) => (query.state.data?.photos.some((p) => !SETTLED_PHOTO_STATUSES.includes(p.status)) ? 3000 : false),
  });
}

/** The case's photos; polls every 3 s while one is still being checked. */
export function useCasePhotos(caseId: string, enabled = true) {
  return useQuery({
    queryKey: photosKeys.case(caseId),
    queryFn: () => listCasePhotos(caseId),
    enabled,
    refetchInterval: (query) => (query.state.data?.photos.some((p) => !SETTLED_PHOTO_STATUSES.includes(p.status)) ? 3000 : false),
  });
}
