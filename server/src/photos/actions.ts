// Role-level permissions of the photo feature (row-level: photo-scope.ts).
import { defineActions } from '../auth/policy.ts';

export const PHOTO_ACTIONS = {
  'photo.read': ['requester', 'dermatologist', 'coordinator', 'patient'],
  'photo.upload': ['requester'],
  'photo.delete': ['requester'],
} as const;

defineActions(PHOTO_ACTIONS);
