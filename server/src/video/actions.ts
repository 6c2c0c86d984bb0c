// Role-level permissions of the video visit, registered in the one policy map.
// Which appointment a person may join is row-level (video-scope.ts).
import { defineActions } from '../auth/policy.ts';

export const VIDEO_ACTIONS = {
  /** Join the visit's room (the appointment's own patient and dermatologist only). */
  'video.join': ['dermatologist', 'patient'],
  'video.ice_servers': ['dermatologist', 'patient'],
  /** Who joined, was admitted and left: the record, and the billing rule that video is required. */
  'visit.timeline': ['dermatologist', 'patient', 'coordinator'],
} as const;

defineActions(VIDEO_ACTIONS);
