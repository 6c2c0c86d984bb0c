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
  ],
  dermatologist: [{ to: '/queue', labelKey: 'cases:nav.queue' }],
  coordinator: [
    { to: '/network/organisations', labelKey: 'admin:nav.organisations' },
    { to: '/network/people', labelKey: 'admin:nav.people' },
    { to: '/network/invitations', labelKey: 'auth:nav.invitations' },
    { to: '/network/audit', labelKey: 'admin:nav.audit' },
    { to: '/network/figures', labelKey: 'figures:nav.figures' },
  ],
  pharmacist: [{ to: '/pharmacy', labelKey: 'prescriptions:nav.pharmacy' }],
  patient: [
    { to: '/my-care', labelKey: 'patient:nav.myCare' },
    { to: '/my-care/access', labelKey: 'patient:nav.accessLog' },
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
