// The page to go back to after signing in: only a same-origin path of the app,
// never an open page, for 30 minutes, read as many times as needed until forgotten.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { destinationAfterSignIn, forgetDestination, isReturnablePath, rememberDestination, rememberedDestination, signInPageFor } from './return-to.ts';

beforeEach(() => {
  const store = new Map<string, string>();
  vi.stubGlobal('window', { location: { origin: 'https://dermlink.example' } });
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('return after sign-in', () => {
  it('accepts paths of this origin, with their query', () => {
    for (const path of ['/book/AbC_d-123456789', '/queue/0b5c1a52-9d0e-4c53-8a0e-2f4f3c1d9e10', '/teleconsultations/new?patientId=1&caseId=2', '/my-care/appointments']) {
      expect(isReturnablePath(path), path).toBe(true);
    }
  });

  it('refuses other origins, odd spellings and open pages', () => {
    for (const path of ['//evil.example/queue', '/\\evil.example', 'https://evil.example/queue', 'javascript:alert(1)', 'queue/1', '', '/queue/1\n', '/a b', '/queue/../sign-in', '/sign-in', '/patient/sign-in/link', '/', '/verify/abc', '/invitation', '/reset-password', `/${'a'.repeat(2001)}`, 42, null]) {
      expect(isReturnablePath(path), String(path)).toBe(false);
    }
  });

  it('leads the patient pages to the patient sign-in, the others to the clinician sign-in', () => {
    expect(signInPageFor('/book/token')).toBe('/patient/sign-in');
    expect(signInPageFor('/my-care/appointments/1')).toBe('/patient/sign-in');
    expect(signInPageFor('/queue/1')).toBe('/sign-in');
    expect(signInPageFor('/bookings')).toBe('/sign-in');
  });

  it('goes back to the remembered page for 30 minutes, until forgotten; home otherwise', () => {
    vi.useFakeTimers({ now: new Date('2026-03-02T09:00:00Z') });
    expect(destinationAfterSignIn('dermatologist')).toBe('/queue');
    rememberDestination('/queue/1');
    expect(destinationAfterSignIn('dermatologist')).toBe('/queue/1');
    expect(destinationAfterSignIn('dermatologist')).toBe('/queue/1'); // read, not consumed
    forgetDestination();
    expect(destinationAfterSignIn('patient')).toBe('/my-care');

    rememberDestination('/book/token-1234567890');
    vi.setSystemTime(new Date('2026-03-02T09:29:00Z'));
    expect(rememberedDestination()).toBe('/book/token-1234567890');
    vi.setSystemTime(new Date('2026-03-02T09:31:00Z'));
    expect(destinationAfterSignIn('patient')).toBe('/my-care');
  });

  it('never remembers, nor follows, a path it would refuse', () => {
    rememberDestination('//evil.example');
    expect(rememberedDestination()).toBeNull();
    localStorage.setItem('dermlink:return-to', JSON.stringify({ path: '//evil.example', until: Date.now() + 60_000 }));
    expect(destinationAfterSignIn('requester')).toBe('/cases');
    localStorage.setItem('dermlink:return-to', 'not json');
    expect(destinationAfterSignIn('requester')).toBe('/cases');
    expect(localStorage.getItem('dermlink:return-to')).toBeNull();
  });
});
