// Organisations of a network as the coordinator manages them, and the
// per-service deadline settings (validated here for server and web app).
import { z } from 'zod';

export const HolidayCalendarSchema = z.enum(['fr', 'gb-eng']);
export type HolidayCalendar = z.infer<typeof HolidayCalendarSchema>;

/** Deadline policy of a dermatology service. Issue messages are translation keys (admin namespace). */
export const ServiceSettingsSchema = z
  .object({
    routineCalendarDays: z.number({ message: 'validation.wholeNumber' }).int('validation.wholeNumber').min(1, 'validation.routineRange').max(60, 'validation.routineRange'),
    urgentWorkingDays: z.number({ message: 'validation.wholeNumber' }).int('validation.wholeNumber').min(1, 'validation.urgentRange').max(10, 'validation.urgentRange'),
    pauseClockWhileAwaitingRequester: z.boolean(),
    holidayCalendar: HolidayCalendarSchema,
  })
  .strict()
  .superRefine((s, ctx) => {
    // An urgent answer may never be promised later than a routine one.
    if (Number.isInteger(s.urgentWorkingDays) && Number.isInteger(s.routineCalendarDays) && s.urgentWorkingDays > s.routineCalendarDays) {
      ctx.addIssue({ code: 'custom', path: ['urgentWorkingDays'], message: 'validation.urgentNotAfterRoutine' });
    }
  })
  .meta({ id: 'ServiceSettings' });
export type ServiceSettings = z.infer<typeof ServiceSettingsSchema>;

export const DEFAULT_SERVICE_SETTINGS: Record<'FR' | 'GB', ServiceSettings> = {
  FR: { routineCalendarDays: 7, urgentWorkingDays: 2, pauseClockWhileAwaitingRequester: true, holidayCalendar: 'fr' },
  GB: { routineCalendarDays: 7, urgentWorkingDays: 2, pauseClockWhileAwaitingRequester: true, holidayCalendar: 'gb-eng' },
};

export const OrganisationKindSchema = z.enum(['gp_practice', 'dermatology_service', 'network_office', 'pharmacy']);
export type OrganisationKind = z.infer<typeof OrganisationKindSchema>;
/** Coordinators create referring sites and services; the network office exists once. */
export const CreatableOrganisationKindSchema = z.enum(['gp_practice', 'dermatology_service']);

const NameSchema = z.string().trim().min(2, 'validation.nameLength').max(120, 'validation.nameLength');

export const AdminOrganisationSchema = z
  .object({
    id: z.uuid(),
    kind: OrganisationKindSchema,
    name: z.string(),
    /** Only dermatology services have deadline settings. */
    settings: ServiceSettingsSchema.nullable(),
    memberCount: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'AdminOrganisation' });
export type AdminOrganisation = z.infer<typeof AdminOrganisationSchema>;

export const AdminOrganisationListSchema = z.object({
  network: z.object({ id: z.uuid(), name: z.string(), country: z.enum(['FR', 'GB']) }),
  organisations: z.array(AdminOrganisationSchema),
});
export type AdminOrganisationList = z.infer<typeof AdminOrganisationListSchema>;

/** POST /api/admin/organisations. A service without settings gets the country's defaults. */
export const CreateOrganisationBodySchema = z
  .object({
    kind: CreatableOrganisationKindSchema,
    name: NameSchema,
    settings: ServiceSettingsSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.kind !== 'dermatology_service' && body.settings) {
      ctx.addIssue({ code: 'custom', path: ['settings'], message: 'validation.settingsOnlyForServices' });
    }
  })
  .meta({ id: 'CreateOrganisationBody' });
export type CreateOrganisationBody = z.infer<typeof CreateOrganisationBodySchema>;

/** PATCH /api/admin/organisations/:id. */
export const UpdateOrganisationBodySchema = z
  .object({
    name: NameSchema.optional(),
    settings: ServiceSettingsSchema.optional(),
  })
  .meta({ id: 'UpdateOrganisationBody' });
export type UpdateOrganisationBody = z.infer<typeof UpdateOrganisationBodySchema>;

export const IdParamsSchema = z.object({ id: z.uuid() });
