// Booking's API calls and query keys.
import { del, get, post } from '../api/client.ts';
import type {
  Appointment,
  AppointmentList,
  AvailabilityException,
  AvailabilityExceptionBody,
  AvailabilityRule,
  AvailabilityRuleBody,
  BookBody,
  BookingOptions,
  BookingReferral,
  CancelLeaveVisitsBody,
  CancelLeaveVisitsResult,
  CreateReferralBody,
  CreatedReferral,
  MyAppointments,
  MyAvailability,
  ReferralList,
  RescheduleBody,
  SlotList,
} from '../../../contracts/appointments/index.ts';

export const appointmentKeys = {
  all: ['appointments'] as const,
  agenda: (from: string, days: number) => ['appointments', 'agenda', from, days] as const,
  availability: ['appointments', 'availability'] as const,
  mine: ['appointments', 'mine'] as const,
  one: (id: string) => ['appointments', 'one', id] as const,
  referralByToken: (token: string) => ['appointments', 'referral-token', token] as const,
  referralSlots: (referralId: string) => ['appointments', 'referral-slots', referralId] as const,
  slots: (serviceId: string, dermatologistId: string | null) => ['appointments', 'slots', serviceId, dermatologistId] as const,
  options: ['appointments', 'booking-options'] as const,
  caseReferrals: (caseId: string) => ['appointments', 'case-referrals', caseId] as const,
  practice: (patientId: string | null) => ['appointments', 'practice', patientId] as const,
};

const qs = (params: Record<string, string | number | null | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string | number] => e[1] !== null && e[1] !== undefined && e[1] !== '').map(([k, v]) => [k, String(v)])).toString();

export const fetchAgenda = (from: string, days: number) => get<AppointmentList>(`/api/appointments?${qs({ from, days })}`);
export const fetchPracticeAppointments = (patientId: string | null) => get<AppointmentList>(`/api/appointments?${qs({ days: 90, patientId })}`);
export const fetchAppointment = (id: string) => get<Appointment>(`/api/appointments/${id}`);
export const fetchMyAppointments = () => get<MyAppointments>('/api/me/appointments');
export const fetchAvailability = () => get<MyAvailability>('/api/availability');
export const addRule = (body: AvailabilityRuleBody) => post<AvailabilityRule>('/api/availability/rules', body);
export const deleteRule = (id: string) => del<{ id: string }>(`/api/availability/rules/${id}`);
export const addException = (body: AvailabilityExceptionBody) => post<AvailabilityException>('/api/availability/exceptions', body);
export const deleteException = (id: string) => del<{ id: string }>(`/api/availability/exceptions/${id}`);
/** Cancels every visit still booked on the leave's days, in one transaction (all or none). */
export const cancelLeaveVisits = (id: string, body: CancelLeaveVisitsBody = {}) => post<CancelLeaveVisitsResult>(`/api/availability/exceptions/${id}/cancel-affected`, body);
export const fetchSlots = (serviceId: string, dermatologistId: string | null, days = 21) => get<SlotList>(`/api/slots?${qs({ serviceId, dermatologistId, days })}`);
export const fetchReferralByToken = (token: string) => get<BookingReferral>(`/api/book/${encodeURIComponent(token)}`);
export const fetchReferralSlots = (referralId: string, days = 21) => get<SlotList>(`/api/booking-referrals/${referralId}/slots?${qs({ days })}`);
export const fetchBookingOptions = () => get<BookingOptions>('/api/booking-options');
export const fetchCaseReferrals = (caseId: string) => get<ReferralList>(`/api/booking-referrals?${qs({ caseId })}`);
export const createReferral = (body: CreateReferralBody) => post<CreatedReferral>('/api/booking-referrals', body);
export const bookAppointment = (body: BookBody) => post<Appointment>('/api/appointments', body);
export const cancelAppointment = (id: string) => post<Appointment>(`/api/appointments/${id}/cancel`);
export const rescheduleAppointment = (id: string, body: RescheduleBody) => post<Appointment>(`/api/appointments/${id}/reschedule`, body);
