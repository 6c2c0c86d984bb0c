// Auth contracts: one import for the web app.
export * from './rules.ts';
export * from './session.ts';
export * from './sign-in.ts';
export * from './enrolment.ts';
export * from './reauthentication.ts';
export * from './patient.ts';
export * from './password-reset.ts';
export * from './invitations.ts';
export * from './errors.ts';
