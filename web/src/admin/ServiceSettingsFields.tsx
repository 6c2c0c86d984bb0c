// The four deadline settings of a dermatology service, used by the create
// form and the edit dialog. Values are kept as typed; the shared schema checks them.
import { Group, NumberInput, Select, Stack, Switch } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HolidayCalendar, ServiceSettings } from '../../../contracts/admin/index.ts';
import { READABLE_INPUT, type FieldErrors } from './form-errors.ts';

export interface SettingsDraft {
  routineCalendarDays: number | string;
  urgentWorkingDays: number | string;
  pauseClockWhileAwaitingRequester: boolean;
  holidayCalendar: HolidayCalendar;
}

export const draftOf = (s: ServiceSettings): SettingsDraft => ({ ...s });

/** Numbers as typed ('' stays '' so that the schema says "enter a whole number"). */
export const settingsOf = (d: SettingsDraft) => ({
  ...d,
  routineCalendarDays: d.routineCalendarDays === '' ? Number.NaN : Number(d.routineCalendarDays),
  urgentWorkingDays: d.urgentWorkingDays === '' ? Number.NaN : Number(d.urgentWorkingDays),
});

export function ServiceSettingsFields({ value, onChange, errors, prefix = 'settings.' }: { value: SettingsDraft; onChange: (v: SettingsDraft) => void; errors: FieldErrors; prefix?: string }) {
  const { t } = useTranslation('admin');
  const set = <K extends keyof SettingsDraft>(key: K, v: SettingsDraft[K]) => onChange({ ...value, [key]: v });
  return (
    <Stack gap="sm">
      <Group grow align="start" wrap="wrap">
        <NumberInput
          label={t('settings.routine')}
          description={t('settings.routineHint')}
          min={1}
          max={60}
          allowDecimal={false}
          allowNegative={false}
          value={value.routineCalendarDays}
          onChange={(v) => set('routineCalendarDays', v)}
          error={errors[`${prefix}routineCalendarDays`]}
          styles={READABLE_INPUT}
          miw={200}
        />
        <NumberInput
          label={t('settings.urgent')}
          description={t('settings.urgentHint')}
          min={1}
          max={10}
          allowDecimal={false}
          allowNegative={false}
          value={value.urgentWorkingDays}
          onChange={(v) => set('urgentWorkingDays', v)}
          error={errors[`${prefix}urgentWorkingDays`]}
          styles={READABLE_INPUT}
          miw={200}
        />
        <Select
          label={t('settings.holidays')}
          description={t('settings.holidaysHint')}
          data={[
            { value: 'fr', label: t('settings.calendar.fr') },
            { value: 'gb-eng', label: t('settings.calendar.gb-eng') },
          ]}
          value={value.holidayCalendar}
          onChange={(v) => v && set('holidayCalendar', v as HolidayCalendar)}
          allowDeselect={false}
          error={errors[`${prefix}holidayCalendar`]}
          styles={READABLE_INPUT}
          miw={200}
        />
      </Group>
      <Switch
        label={t('settings.pause')}
        description={t('settings.pauseHint')}
        checked={value.pauseClockWhileAwaitingRequester}
        onChange={(e) => set('pauseClockWhileAwaitingRequester', e.currentTarget.checked)}
      />
    </Stack>
  );
}
