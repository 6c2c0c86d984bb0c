// What each role sees in the navigation. A feature adds its entry here.
import type { Role } from './session.ts';

export interface NavItem {
  to: string;
  /** Key in the common namespace. */
  labelKey: string;
}

export const NAVIGATION: Record<Role, NavItem[]> = {
  requester: [],
  dermatologist: [],
  coordinator: [],
  patient: [],
};

/** Where each role lands after sign-in. */
export const ROLE_HOME: Record<Role, string> = {
  requester: '/cases',
  dermatologist: '/queue',
  coordinator: '/network',
  patient: '/my-care',
};
