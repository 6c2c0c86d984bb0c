import { describe, expect, it } from 'vitest';
import { cookieIsSecure } from './sessions.ts';

describe('session cookie', () => {
  it('is Secure in production and behind an https PUBLIC_URL, not on plain-HTTP localhost', () => {
    expect(cookieIsSecure({ env: 'production', publicUrl: undefined })).toBe(true);
    expect(cookieIsSecure({ env: 'development', publicUrl: 'https://dermlink.example.org' })).toBe(true);
    expect(cookieIsSecure({ env: 'development', publicUrl: undefined })).toBe(false);
    expect(cookieIsSecure({ env: 'test', publicUrl: 'http://localhost:3000' })).toBe(false);
  });
});
