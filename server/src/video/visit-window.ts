// When a visit's room is open: from 10 minutes before the start until the end
// plus a grace (visits overrun). Pure, so the signalling and the page agree.
import { VIDEO_GRACE_MINUTES_AFTER, VIDEO_OPENS_MINUTES_BEFORE } from '../../../contracts/video/index.ts';
import type { AppointmentStatus } from '../appointments/tables.ts';

const MINUTE = 60_000;

export function visitWindow(startsAt: Date, endsAt: Date): { opensAt: Date; closesAt: Date } {
  return {
    opensAt: new Date(startsAt.getTime() - VIDEO_OPENS_MINUTES_BEFORE * MINUTE),
    closesAt: new Date(endsAt.getTime() + VIDEO_GRACE_MINUTES_AFTER * MINUTE),
  };
}

export type RoomState = 'not_open' | 'open' | 'over' | 'cancelled';

export function roomState(now: Date, appointment: { startsAt: Date; endsAt: Date; status: AppointmentStatus }): RoomState {
  if (appointment.status === 'cancelled' || appointment.status === 'no_show') return 'cancelled';
  if (appointment.status === 'completed') return 'over';
  const { opensAt, closesAt } = visitWindow(appointment.startsAt, appointment.endsAt);
  if (now < opensAt) return 'not_open';
  if (now >= closesAt) return 'over';
  return 'open';
}
