// Identity pages, each loaded on demand (none is in the first download).
import type { RouteObject } from 'react-router';

const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });

const signIn = page(() => import('./SignInPage.tsx'));
const invitation = page(() => import('./InvitationPage.tsx'));
const resetRequest = async () => ({ Component: (await import('./PasswordResetPages.tsx')).PasswordResetRequestPage });
const reset = page(() => import('./PasswordResetPages.tsx'));
const patientSignIn = page(() => import('./PatientSignInPages.tsx'));
const patientLink = async () => ({ Component: (await import('./PatientSignInPages.tsx')).PatientLinkPage });

export const authRoutes: RouteObject[] = [
  { path: 'sign-in', lazy: signIn },
  { path: 'sign-out', lazy: page(() => import('./SignOutPage.tsx')) },
  { path: 'enrol', lazy: page(() => import('./EnrolPage.tsx')) },
  // Emails link to the fragment form (#token=..., never sent to the server); the path form works too.
  { path: 'invitation', lazy: invitation },
  { path: 'invitations/:token', lazy: invitation },
  { path: 'password-reset', lazy: resetRequest },
  { path: 'password-reset/:token', lazy: reset },
  { path: 'reset-password', lazy: reset },
  { path: 'patient/sign-in', lazy: patientSignIn },
  { path: 'patient/sign-in/link', lazy: patientLink },
  { path: 'patient/sign-in/:token', lazy: patientLink },
  { path: 'profile', lazy: page(() => import('./ProfilePage.tsx')) },
  { path: 'network/invitations', lazy: page(() => import('./NetworkInvitationsPage.tsx')) },
  // The patient's home: a minimal page until the patient feature owns it (then move this route there).
  { path: 'my-care', lazy: page(() => import('../patient/MyCarePage.tsx')) },
];
