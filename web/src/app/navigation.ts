// What each role sees in the navigation. A feature adds its entry here.
import type { Role } from './session.ts';

export interface NavItem {
  to: string;
  /** Key in the common namespace. */
  labelKey: string;
}

export const NAVIGATION: Record<Role, NavItem[]> = {
  requester: [
    { to: '/cases', labelKey: 'cases:nav.myCases' },
    { to: '/cases/new', labelKey: 'cases:nav.newRequest' },
    { to: '/teleconsultations', labelKey: 'appointments:nav.teleconsultations' },
    { to: '/billing', labelKey: 'billing:nav.statement' },
  ],
  dermatologist: [
    { to: '/queue', labelKey: 'cases:nav.queue' },
    { to: '/agenda', labelKey: 'appointments:nav.agenda' },
    { to: '/agenda/availability', labelKey: 'appointments:nav.availability' },
    { to: '/visits', labelKey: 'visits:nav.visits' },
    { to: '/billing', labelKey: 'billing:nav.statement' },
  ],
  coordinator: [
    { to: '/network/organisations', labelKey: 'admin:nav.organisations' },
    { to: '/network/people', labelKey: 'admin:nav.people' },
    { to: '/network/invitations', labelKey: 'auth:nav.invitations' },
    { to: '/network/audit', labelKey: 'admin:nav.audit' },
    { to: '/network/figures', labelKey: 'figures:nav.figures' },
    { to: '/network/fees', labelKey: 'billing:nav.fees' },
    { to: '/billing', labelKey: 'billing:nav.statements' },
  ],
  pharmacist: [{ to: '/pharmacy', labelKey: 'prescriptions:nav.pharmacy' }],
  patient: [
    { to: '/my-care', labelKey: 'patient:nav.myCare' },
    { to: '/my-care/appointments', labelKey: 'appointments:nav.myAppointments' },
    { to: '/my-care/prescriptions', labelKey: 'prescriptions:nav.myPrescriptions' },
    { to: '/my-care/access', labelKey: 'patient:nav.accessLog' },
    { to: '/my-care/payments', labelKey: 'billing:nav.payments' },
  ],
};

/** Where each role lands after sign-in. */
export const ROLE_HOME: Record<Role, string> = {
  requester: '/cases',
  dermatologist: '/queue',
  coordinator: '/network',
  pharmacist: '/pharmacy',
  patient: '/my-care',
};
