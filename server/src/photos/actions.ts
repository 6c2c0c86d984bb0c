// Role-level permissions of the photo feature (row-level: photo-scope.ts).
import { defineActions } from '../auth/policy.ts';

export const PHOTO_ACTIONS = {
  'photo.read': ['requester', 'dermatologist', 'coordinator', 'patient'],
  // Cases: the requester. Appointments: the patient before the visit, the dermatologist (a still from the video).
  'photo.upload': ['requester', 'dermatologist', 'patient'],
  'photo.delete': ['requester', 'dermatologist', 'patient'],
} as const;

defineActions(PHOTO_ACTIONS);
