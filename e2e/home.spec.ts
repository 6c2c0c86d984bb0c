import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, switchLanguage } from './helpers.ts';

test('the home page opens, switches language and passes an accessibility scan', async ({ page }) => {
  // The browser gets the web app's files brotli-compressed (written at build time).
  const encodings = new Map<string, string | undefined>();
  page.on('response', (response) => {
    if (/\/assets\/index-[\w-]+\.js$/.test(response.url())) encodings.set(response.url(), response.headers()['content-encoding']);
  });
  await page.goto('/');
  await expect.poll(() => [...encodings.values()]).toEqual(['br']);
  await switchLanguage(page, 'EN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("A dermatologist's opinion, without the wait");
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoSeriousA11yViolations(page);

  await switchLanguage(page, 'FR');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("L'avis d'un dermatologue, sans attendre");
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expectNoSeriousA11yViolations(page);
});

test('unknown paths serve the web app, unknown API paths a problem', async ({ page, request }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: /does not exist|n'existe pas/ })).toBeVisible();
  const res = await request.get('/api/no-such-thing');
  expect(res.status()).toBe(404);
  expect(res.headers()['content-type']).toContain('application/problem+json');
});
