import type { Page } from '@playwright/test';
export { expectNoSeriousA11yViolations } from './axe.ts';

/** Uses the language switch in the header, as a person would. */
export async function switchLanguage(page: Page, lang: 'FR' | 'EN') {
  await page.locator('header label').filter({ hasText: new RegExp(`^${lang}$`) }).click();
}
