// A dermatology service's deadline policy, read from organisations.settings
// (validated here; missing values fall back to the domain defaults).
import { DEFAULT_SERVICE_SETTINGS, ServiceSettingsSchema } from '../../../contracts/admin/organisations.ts';
import type { DeadlinePolicy, DeadlineTimeZone, HolidayCalendar } from '../clinical/deadlines.ts';

export interface ServiceSettings {
  policy: DeadlinePolicy;
  pauseClockWhileAwaitingRequester: boolean;
  holidayCalendar: HolidayCalendar;
}

/**
 * The coordinator edits these settings through contracts/admin/organisations.ts;
 * the same schema reads them here. Settings that do not validate (hand-edited
 * rows) fall back, field by field, to the network's defaults.
 */
export function serviceSettings(raw: unknown, networkCountry: 'FR' | 'GB'): ServiceSettings {
  const defaults = DEFAULT_SERVICE_SETTINGS[networkCountry];
  const candidate = { ...defaults, ...(raw && typeof raw === 'object' ? raw : {}) };
  const parsed = ServiceSettingsSchema.safeParse(candidate);
  const s = parsed.success ? parsed.data : defaults;
  return {
    policy: { routineCalendarDays: s.routineCalendarDays, urgentWorkingDays: s.urgentWorkingDays },
    pauseClockWhileAwaitingRequester: s.pauseClockWhileAwaitingRequester,
    holidayCalendar: s.holidayCalendar,
  };
}

/** The network's time zone: deadlines are computed on its wall clock (any IANA zone works with Intl). */
export function deadlineTimeZone(timeZone: string): DeadlineTimeZone {
  return timeZone as DeadlineTimeZone;
}
