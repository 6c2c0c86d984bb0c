import type { Page } from '@playwright/test';
export { expectNoSeriousA11yViolations } from './axe.ts';

/** Uses the language switch in the header, as a person would. */
export async function switchLanguage(page: Page, lang: 'FR' | 'EN') {
  await page.locator('header label').filter({ hasText: new RegExp(`^${lang}$`) }).click();
}

/**
 * Signs a demo clinician in through the sign-in page (English labels): password,
 * then a code from the fixed demo TOTP secret (a step not used yet: e2e/totp.ts).
 */
export async function signInAs(page: Page, email: string) {
  const [{ freshTotpCode }, { DEMO_PASSWORD }, { DEMO_TOTP_SECRETS }] = await Promise.all([
    import('./totp.ts'),
    import('../server/src/seed/demo-data.ts'),
    import('../server/src/auth/demo-totp.ts'),
  ]);
  const secret = DEMO_TOTP_SECRETS[email];
  if (!secret) throw new Error(`no demo TOTP secret for ${email}`);
  await page.goto('/sign-in');
  await switchLanguage(page, 'EN');
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('textbox', { name: 'Code from your authenticator app' }).fill(await freshTotpCode(secret));
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}
