// Back to the page opened before signing in: THE place that decides.
// A protected page opened while signed out (the patient's /book/<token> link
// from an email, /queue/<id> or /cases/<id> from a notification) is remembered
// here by SessionGuard, which then opens the right sign-in page. Every way of
// finishing a sign-in (password + second factor, passkey, enrolment, the
// membership choice, the patient's emailed link or code) asks
// `destinationAfterSignIn` where to go: that page, else the role's home.
// - Never in the URL (a path may hold a token, and no patient data in URLs):
//   in localStorage, so that the emailed sign-in link opened in a NEW tab of the
//   same browser finds it too; for 30 minutes (the emailed link lives 15).
// - Only a same-origin path of this app: written from the router's own match
//   (never the not-found page, a sign-in page or another open page) and checked
//   again when read, so a tampered value cannot send anyone elsewhere.
// - Forgotten once the person is signed in on a page of the app, and on sign-out.
// Someone who signs in as a person who may not see that page gets the page's
// ordinary "not found".
import { ROLE_HOME } from '../app/navigation.ts';
import type { Role } from '../app/session.ts';

/** Pages a signed-out person (or one whose second factor is still due) may be on. */
const OPEN_PATHS = ['/sign-in', '/sign-out', '/enrol', '/invitation', '/invitations', '/password-reset', '/reset-password', '/patient/sign-in', '/verify'];
export const isOpenPath = (path: string) => path === '/' || OPEN_PATHS.some((p) => path === p || path.startsWith(`${p}/`));

/** The id of the catch-all route (app/routes.tsx): an unknown address is not remembered. */
export const NOT_FOUND_ROUTE_ID = 'not-found';

/** The patient's pages sign in by email; every other protected page is a clinician's. */
export const signInPageFor = (path: string) => (/^\/(my-care|book)(\/|$)/.test(path) ? '/patient/sign-in' : '/sign-in');

const KEY = 'dermlink:return-to';
const TTL_MS = 30 * 60_000;

/** A path (and query) of this origin, with one leading slash, that is not an open page. */
export function isReturnablePath(path: unknown): path is string {
  // "//host" and "/\host" are other origins to a browser; no control characters or spaces.
  if (typeof path !== 'string' || path.length > 2000 || !/^\/(?![/\\])/.test(path) || /[\\\s]/.test(path)) return false;
  if ([...path].some((c) => c < ' ' || c === '\u007f')) return false;
  let url: URL;
  try {
    url = new URL(path, window.location.origin);
  } catch {
    return false;
  }
  return url.origin === window.location.origin && `${url.pathname}${url.search}` === path && !isOpenPath(url.pathname);
}

export function rememberDestination(path: string): void {
  if (!isReturnablePath(path)) return;
  try {
    localStorage.setItem(KEY, JSON.stringify({ path, until: Date.now() + TTL_MS }));
  } catch {
    // Storage refused (private mode, full): sign-in still works and leads home.
  }
}

export function forgetDestination(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing to forget
  }
}

/** The remembered page, if it is still valid (read, not consumed: several sign-in steps may ask). */
export function rememberedDestination(): string | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const { path, until } = JSON.parse(raw) as { path?: unknown; until?: unknown };
    if (typeof until === 'number' && until > Date.now() && isReturnablePath(path)) return path;
  } catch {
    // unreadable: forget it
  }
  forgetDestination();
  return null;
}

/** Where a completed sign-in leads: the page opened before signing in, else the role's home. */
export const destinationAfterSignIn = (role: Role): string => rememberedDestination() ?? ROLE_HOME[role];
