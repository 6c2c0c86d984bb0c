// Booking of teleconsultations: availability, slots, referrals, appointments. Thin handlers.
import { z } from 'zod';
import {
  AppointmentIdParamsSchema,
  AppointmentListQuerySchema,
  AppointmentListSchema,
  AppointmentSchema,
  AvailabilityExceptionBodySchema,
  AvailabilityExceptionSchema,
  AvailabilityRuleBodySchema,
  AvailabilityRuleSchema,
  BookBodySchema,
  BookingOptionsSchema,
  BookingReferralSchema,
  CancelLeaveVisitsBodySchema,
  CancelLeaveVisitsResultSchema,
  CreateReferralBodySchema,
  CreatedReferralSchema,
  ExceptionIdParamsSchema,
  MyAppointmentsSchema,
  MyAvailabilitySchema,
  ReferralIdParamsSchema,
  ReferralListQuerySchema,
  ReferralListSchema,
  ReferralSlotsQuerySchema,
  ReferralTokenParamsSchema,
  RescheduleBodySchema,
  RuleIdParamsSchema,
  SlotListSchema,
  SlotsQuerySchema,
} from '../../../contracts/appointments/index.ts';
import type { App } from '../app.ts';
import {
  addAvailabilityException,
  addAvailabilityRule,
  deleteAvailabilityException,
  deleteAvailabilityRule,
  getMyAvailability,
  listSlots,
} from './availability.ts';
import { bookAppointment } from './book-appointment.ts';
import { cancelLeaveVisits } from './cancel-leave-visits.ts';
import { cancelAppointment, rescheduleAppointment } from './change-appointment.ts';
import { getAppointment } from './get-appointment.ts';
import { listAppointments, myAppointments } from './list-appointments.ts';
import { bookingOptions, createReferral, listReferrals, referralByToken, referralSlots } from './referrals.ts';

const tags = ['appointments'];
const Deleted = z.object({ id: z.uuid() });

export async function appointmentRoutes(app: App) {
  // The dermatologist's availability.
  app.get('/api/availability', { schema: { tags, response: { 200: MyAvailabilitySchema } } }, (request) => getMyAvailability(request.ctx));
  app.post('/api/availability/rules', { schema: { tags, body: AvailabilityRuleBodySchema, response: { 201: AvailabilityRuleSchema } } }, async (request, reply) =>
    reply.status(201).send(await addAvailabilityRule(request.ctx, request.body)),
  );
  app.delete('/api/availability/rules/:ruleId', { schema: { tags, params: RuleIdParamsSchema, response: { 200: Deleted } } }, (request) =>
    deleteAvailabilityRule(request.ctx, request.params.ruleId),
  );
  app.post('/api/availability/exceptions', { schema: { tags, body: AvailabilityExceptionBodySchema, response: { 201: AvailabilityExceptionSchema } } }, async (request, reply) =>
    reply.status(201).send(await addAvailabilityException(request.ctx, request.body)),
  );
  app.delete('/api/availability/exceptions/:exceptionId', { schema: { tags, params: ExceptionIdParamsSchema, response: { 200: Deleted } } }, (request) =>
    deleteAvailabilityException(request.ctx, request.params.exceptionId),
  );
  // Cancels every visit still booked on the leave's days (its affectedAppointments), all or none.
  app.post(
    '/api/availability/exceptions/:exceptionId/cancel-affected',
    { schema: { tags, params: ExceptionIdParamsSchema, body: CancelLeaveVisitsBodySchema, response: { 200: CancelLeaveVisitsResultSchema } } },
    (request) => cancelLeaveVisits(request.ctx, { exceptionId: request.params.exceptionId, reason: request.body.reason }),
  );
  app.get('/api/slots', { schema: { tags, querystring: SlotsQuerySchema, response: { 200: SlotListSchema } } }, (request) => listSlots(request.ctx, request.query));

  // Referrals: the GP's, the automatic one of a "teleconsultation" answer, the patient's link.
  app.get('/api/booking-options', { schema: { tags, response: { 200: BookingOptionsSchema } } }, (request) => bookingOptions(request.ctx));
  app.post('/api/booking-referrals', { schema: { tags, body: CreateReferralBodySchema, response: { 201: CreatedReferralSchema } } }, async (request, reply) =>
    reply.status(201).send(await createReferral(request.ctx, request.body)),
  );
  app.get('/api/booking-referrals', { schema: { tags, querystring: ReferralListQuerySchema, response: { 200: ReferralListSchema } } }, (request) =>
    listReferrals(request.ctx, request.query),
  );
  app.get('/api/booking-referrals/:referralId/slots', { schema: { tags, params: ReferralIdParamsSchema, querystring: ReferralSlotsQuerySchema, response: { 200: SlotListSchema } } }, (request) =>
    referralSlots(request.ctx, request.params.referralId, request.query),
  );
  app.get('/api/book/:referralToken', { schema: { tags, params: ReferralTokenParamsSchema, response: { 200: BookingReferralSchema } } }, (request) =>
    referralByToken(request.ctx, request.params.referralToken),
  );

  // Appointments.
  app.post('/api/appointments', { schema: { tags, body: BookBodySchema, response: { 201: AppointmentSchema } } }, async (request, reply) =>
    reply.status(201).send(await bookAppointment(request.ctx, request.body)),
  );
  app.get('/api/appointments', { schema: { tags, querystring: AppointmentListQuerySchema, response: { 200: AppointmentListSchema } } }, (request) =>
    listAppointments(request.ctx, request.query),
  );
  app.get('/api/me/appointments', { schema: { tags, response: { 200: MyAppointmentsSchema } } }, (request) => myAppointments(request.ctx));
  app.get('/api/appointments/:appointmentId', { schema: { tags, params: AppointmentIdParamsSchema, response: { 200: AppointmentSchema } } }, (request) =>
    getAppointment(request.ctx, request.params.appointmentId),
  );
  app.post('/api/appointments/:appointmentId/cancel', { schema: { tags, params: AppointmentIdParamsSchema, response: { 200: AppointmentSchema } } }, (request) =>
    cancelAppointment(request.ctx, request.params.appointmentId),
  );
  app.post('/api/appointments/:appointmentId/reschedule', { schema: { tags, params: AppointmentIdParamsSchema, body: RescheduleBodySchema, response: { 200: AppointmentSchema } } }, (request) =>
    rescheduleAppointment(request.ctx, request.params.appointmentId, request.body),
  );
}
