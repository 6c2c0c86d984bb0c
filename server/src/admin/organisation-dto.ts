// Organisation rows as the admin API returns them.
import { DEFAULT_SERVICE_SETTINGS, type AdminOrganisation, type ServiceSettings } from '../../../contracts/admin/index.ts';
import type { OrganisationKind } from '../db/schema.ts';

/** The four deadline settings of a service, defaults filling anything missing or invalid. */
export function serviceSettingsOf(raw: unknown, country: 'FR' | 'GB'): ServiceSettings {
  const base = DEFAULT_SERVICE_SETTINGS[country];
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const int = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : fallback);
  return {
    routineCalendarDays: int(s.routineCalendarDays, base.routineCalendarDays),
    urgentWorkingDays: int(s.urgentWorkingDays, base.urgentWorkingDays),
    pauseClockWhileAwaitingRequester: typeof s.pauseClockWhileAwaitingRequester === 'boolean' ? s.pauseClockWhileAwaitingRequester : base.pauseClockWhileAwaitingRequester,
    holidayCalendar: s.holidayCalendar === 'fr' || s.holidayCalendar === 'gb-eng' ? s.holidayCalendar : base.holidayCalendar,
  };
}

export function organisationDto(
  row: { id: string; kind: OrganisationKind; name: string; settings: unknown; created_at: Date; member_count: number | string | null },
  country: 'FR' | 'GB',
): AdminOrganisation {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    settings: row.kind === 'dermatology_service' ? serviceSettingsOf(row.settings, country) : null,
    memberCount: Number(row.member_count ?? 0),
    createdAt: row.created_at.toISOString(),
  };
}
