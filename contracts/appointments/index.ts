// Booking of teleconsultations: availability (weekly rules, leave), free slots,
// the GP's booking referral, the appointment and its cancel/reschedule. Shared
// by the server (route schemas) and the web app. Instants are ISO strings (UTC);
// `timeZone` says which wall clock the slot was published in.
import { z } from 'zod';

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export const WeekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof WeekdaySchema>;

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const LocalDate = z.iso.date();

export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'completed', 'no_show'] as const;
export const AppointmentStatusSchema = z.enum(APPOINTMENT_STATUSES);

/** Default notice (hours before the start) for a patient or GP to cancel or move; per service setting teleconsultationNoticeHours. */
export const DEFAULT_NOTICE_HOURS = 24;
/** The video waiting room opens this long before the start. */
export const VIDEO_OPENS_MINUTES_BEFORE = 10;

// --- Availability (the dermatologist's) ---

export const AvailabilityRuleBodySchema = z
  .object({
    serviceId: z.uuid(),
    weekdays: z.array(WeekdaySchema).min(1).max(7),
    /** 1: every week, 2: every other week... */
    everyWeeks: z.int().min(1).max(4).default(1),
    startTime: LocalTime,
    endTime: LocalTime,
    slotMinutes: z.int().min(5).max(240),
    validFrom: LocalDate,
    validUntil: LocalDate.nullable().optional(),
  })
  .refine((b) => b.endTime > b.startTime, { path: ['endTime'], message: 'The end must be after the start.' })
  .refine((b) => !b.validUntil || b.validUntil >= b.validFrom, { path: ['validUntil'], message: 'The last day must be on or after the first.' });
export type AvailabilityRuleBody = z.input<typeof AvailabilityRuleBodySchema>;

export const AvailabilityRuleSchema = z.object({
  id: z.uuid(),
  serviceId: z.uuid(),
  serviceName: z.string(),
  /** As stored, e.g. FREQ=WEEKLY;BYDAY=MO,TH. */
  rrule: z.string(),
  weekdays: z.array(WeekdaySchema),
  everyWeeks: z.int(),
  startTime: z.string(),
  endTime: z.string(),
  slotMinutes: z.int(),
  timeZone: z.string(),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
});
export type AvailabilityRule = z.infer<typeof AvailabilityRuleSchema>;

export const AvailabilityExceptionBodySchema = z
  .object({
    kind: z.enum(['leave', 'exception']),
    startsOn: LocalDate,
    endsOn: LocalDate,
    /** Leave empty for every service. */
    serviceId: z.uuid().nullable().optional(),
    note: z.string().trim().max(200).nullable().optional(),
  })
  .refine((b) => b.endsOn >= b.startsOn, { path: ['endsOn'], message: 'The last day must be on or after the first.' });
export type AvailabilityExceptionBody = z.input<typeof AvailabilityExceptionBodySchema>;

/**
 * A visit still booked with the dermatologist on a day of their leave (leave only stops new
 * bookings). For the dermatologist only, who sees the appointment in the agenda anyway: initials,
 * never the patient's name.
 */
export const LeaveAffectedAppointmentSchema = z.object({
  id: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  serviceId: z.uuid(),
  patientInitials: z.string(),
});
export type LeaveAffectedAppointment = z.infer<typeof LeaveAffectedAppointmentSchema>;

export const AvailabilityExceptionSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['leave', 'exception']),
  startsOn: z.string(),
  endsOn: z.string(),
  serviceId: z.uuid().nullable(),
  note: z.string().nullable(),
  /**
   * The dermatologist's visits still booked (not cancelled, completed or missed, not yet over) whose
   * local day, in the appointment's zone (the network's), falls in the range; only the leave's
   * service when it names one. Soonest first; empty when none.
   */
  affectedAppointments: z.array(LeaveAffectedAppointmentSchema),
});
export type AvailabilityException = z.infer<typeof AvailabilityExceptionSchema>;

/**
 * Cancels, in one transaction, the visits still booked on the days of one of the caller's leaves
 * (the same rule as `affectedAppointments`), each through the ordinary cancellation: all of them or
 * none. `reason`, optional, is kept in the audit trail only (never emailed): no patient details.
 */
export const CancelLeaveVisitsBodySchema = z.object({
  reason: z.string().trim().max(200).optional(),
});
export type CancelLeaveVisitsBody = z.input<typeof CancelLeaveVisitsBodySchema>;

export const CancelLeaveVisitsResultSchema = z.object({
  exceptionId: z.uuid(),
  /** How many visits this call cancelled (0 when none was left: a second call changes nothing). */
  cancelledCount: z.int(),
  /** Their ids, soonest first. */
  cancelledIds: z.array(z.uuid()),
  /** How many of their patients were emailed (a patient without an email address is not). */
  emailedCount: z.int(),
});
export type CancelLeaveVisitsResult = z.infer<typeof CancelLeaveVisitsResultSchema>;

export const SlotSchema = z.object({
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  serviceId: z.uuid(),
  dermatologistId: z.uuid(),
  dermatologistName: z.string(),
});
export type Slot = z.infer<typeof SlotSchema>;
export const SlotListSchema = z.object({ slots: z.array(SlotSchema) });
export type SlotList = z.infer<typeof SlotListSchema>;

export const MyAvailabilitySchema = z.object({
  services: z.array(z.object({ id: z.uuid(), name: z.string(), timeZone: z.string(), noticeHours: z.int() })),
  rules: z.array(AvailabilityRuleSchema),
  exceptions: z.array(AvailabilityExceptionSchema),
  /** The next free slots from these rules (what patients will be offered). */
  preview: z.array(SlotSchema),
});
export type MyAvailability = z.infer<typeof MyAvailabilitySchema>;

export const RuleIdParamsSchema = z.object({ ruleId: z.uuid() });
export const ExceptionIdParamsSchema = z.object({ exceptionId: z.uuid() });

export const SlotsQuerySchema = z.object({
  serviceId: z.uuid(),
  dermatologistId: z.uuid().optional(),
  /** ISO instant; default now. */
  from: z.iso.datetime({ offset: true }).optional(),
  days: z.coerce.number().int().min(1).max(60).default(21),
  limit: z.coerce.number().int().min(1).max(200).default(60),
});
export type SlotsQuery = z.input<typeof SlotsQuerySchema>;

// --- Booking referral (the GP's) ---

export const BookingOptionsSchema = z.object({
  services: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      timeZone: z.string(),
      /** Hours before the start after which a booked visit can no longer be moved or cancelled online (the service's notice). */
      noticeHours: z.int(),
      dermatologists: z.array(z.object({ id: z.uuid(), name: z.string() })),
    }),
  ),
});
export type BookingOptions = z.infer<typeof BookingOptionsSchema>;

export const CreateReferralBodySchema = z
  .object({
    patientId: z.uuid(),
    serviceId: z.uuid(),
    dermatologistId: z.uuid().nullable().optional(),
    referralLetter: z.string().trim().max(4000).nullable().optional(),
    caseId: z.uuid().nullable().optional(),
  })
  .refine((b) => (b.referralLetter && b.referralLetter.length > 0) || b.caseId, {
    path: ['referralLetter'],
    message: 'Write a referral letter or attach the tele-expertise case.',
  });
export type CreateReferralBody = z.input<typeof CreateReferralBodySchema>;

export const ReferralStatusSchema = z.enum(['open', 'booked', 'withdrawn']);

export const BookingReferralSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  serviceId: z.uuid(),
  serviceName: z.string(),
  dermatologistId: z.uuid().nullable(),
  dermatologistName: z.string().nullable(),
  caseId: z.uuid().nullable(),
  referringName: z.string(),
  referringOrganisationName: z.string(),
  createdAt: z.string(),
  status: ReferralStatusSchema,
  /** The live appointment booked from it, if any. */
  appointmentId: z.uuid().nullable(),
  /** Hours before the start after which the visit can no longer be moved or cancelled online (the service's notice). */
  noticeHours: z.int(),
});
export type BookingReferral = z.infer<typeof BookingReferralSchema>;

export const CreatedReferralSchema = BookingReferralSchema.extend({
  /** The patient's booking link, shown once to the GP (also emailed to the patient). */
  bookingUrl: z.string(),
  emailed: z.boolean(),
});
export type CreatedReferral = z.infer<typeof CreatedReferralSchema>;

export const ReferralListSchema = z.object({ referrals: z.array(BookingReferralSchema) });
export type ReferralList = z.infer<typeof ReferralListSchema>;
export const ReferralListQuerySchema = z.object({ caseId: z.uuid().optional(), patientId: z.uuid().optional() });
export const ReferralIdParamsSchema = z.object({ referralId: z.uuid() });
export const ReferralTokenParamsSchema = z.object({ referralToken: z.string().min(10).max(100) });
export const ReferralSlotsQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  days: z.coerce.number().int().min(1).max(60).default(21),
  limit: z.coerce.number().int().min(1).max(200).default(60),
});

// --- Appointments ---

export const BookBodySchema = z
  .object({
    startsAt: z.iso.datetime({ offset: true }),
    dermatologistId: z.uuid(),
    /** The patient books from their referral. */
    referralId: z.uuid().optional(),
    /** The GP's staff book directly for a patient of the practice (the booking is the referral). */
    patientId: z.uuid().optional(),
    serviceId: z.uuid().optional(),
    referralLetter: z.string().trim().max(4000).nullable().optional(),
    caseId: z.uuid().nullable().optional(),
  })
  .refine((b) => b.referralId || (b.patientId && b.serviceId), { path: ['referralId'], message: 'Give the referral, or the patient and the service.' });
export type BookBody = z.input<typeof BookBodySchema>;

export const RescheduleBodySchema = z.object({ startsAt: z.iso.datetime({ offset: true }), dermatologistId: z.uuid() });
export type RescheduleBody = z.input<typeof RescheduleBodySchema>;

export const AppointmentIdParamsSchema = z.object({ appointmentId: z.uuid() });

export const AppointmentSchema = z.object({
  id: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  status: AppointmentStatusSchema,
  /** Clinicians only (null for the patient themself). */
  patient: z.object({ id: z.uuid(), displayName: z.string(), birthDate: z.string() }).nullable(),
  patientId: z.uuid(),
  dermatologist: z.object({ id: z.uuid(), name: z.string() }),
  service: z.object({ id: z.uuid(), name: z.string() }),
  referral: z
    .object({
      id: z.uuid().nullable(),
      caseId: z.uuid().nullable(),
      /** Clinicians only. */
      letter: z.string().nullable(),
      referringName: z.string().nullable(),
      referringOrganisationName: z.string().nullable(),
    })
    .nullable(),
  coordinated: z.boolean(),
  rescheduledFromId: z.uuid().nullable(),
  cancelledAt: z.string().nullable(),
  questionnaireSubmittedAt: z.string().nullable(),
  /** Until when the caller may cancel or move it (null: always, or never). */
  changeableUntil: z.string().nullable(),
  canCancel: z.boolean(),
  canReschedule: z.boolean(),
  noticeHours: z.int(),
  /** From when the video visit can be joined. */
  videoOpensAt: z.string(),
});
export type Appointment = z.infer<typeof AppointmentSchema>;

export const AppointmentSummarySchema = z.object({
  id: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  status: AppointmentStatusSchema,
  patient: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  dermatologist: z.object({ id: z.uuid(), name: z.string() }),
  service: z.object({ id: z.uuid(), name: z.string() }),
  coordinated: z.boolean(),
  questionnaireSubmittedAt: z.string().nullable(),
});
export type AppointmentSummary = z.infer<typeof AppointmentSummarySchema>;
export const AppointmentListSchema = z.object({ appointments: z.array(AppointmentSummarySchema) });
export type AppointmentList = z.infer<typeof AppointmentListSchema>;
export const AppointmentListQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  days: z.coerce.number().int().min(1).max(90).default(14),
  patientId: z.uuid().optional(),
  includeCancelled: z.enum(['true', 'false']).optional(),
});

export const MyAppointmentsSchema = z.object({
  upcoming: z.array(AppointmentSummarySchema),
  past: z.array(AppointmentSummarySchema),
  referrals: z.array(BookingReferralSchema),
});
export type MyAppointments = z.infer<typeof MyAppointmentsSchema>;
