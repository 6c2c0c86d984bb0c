// A dermatology service's deadline policy, read from organisations.settings
// (validated here; missing values fall back to the domain defaults).
import { z } from 'zod';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy, type DeadlineTimeZone, type HolidayCalendar } from '../clinical/deadlines.ts';

const SettingsSchema = z.object({
  routineCalendarDays: z.number().int().min(1).max(60).optional().catch(undefined),
  urgentWorkingDays: z.number().int().min(1).max(30).optional().catch(undefined),
  pauseClockWhileAwaitingRequester: z.boolean().optional().catch(undefined),
  holidayCalendar: z.enum(['fr', 'gb-eng']).optional().catch(undefined),
});

export interface ServiceSettings {
  policy: DeadlinePolicy;
  pauseClockWhileAwaitingRequester: boolean;
  holidayCalendar: HolidayCalendar;
}

export function serviceSettings(raw: unknown, networkCountry: 'FR' | 'GB'): ServiceSettings {
  const parsed = SettingsSchema.safeParse(raw ?? {});
  const s = parsed.success ? parsed.data : {};
  return {
    policy: {
      routineCalendarDays: s.routineCalendarDays ?? DEFAULT_DEADLINE_POLICY.routineCalendarDays,
      urgentWorkingDays: s.urgentWorkingDays ?? DEFAULT_DEADLINE_POLICY.urgentWorkingDays,
    },
    pauseClockWhileAwaitingRequester: s.pauseClockWhileAwaitingRequester ?? false,
    holidayCalendar: s.holidayCalendar ?? (networkCountry === 'GB' ? 'gb-eng' : 'fr'),
  };
}

/** The network's time zone: deadlines are computed on its wall clock (any IANA zone works with Intl). */
export function deadlineTimeZone(timeZone: string): DeadlineTimeZone {
  return timeZone as DeadlineTimeZone;
}
