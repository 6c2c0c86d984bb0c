// The coordinator opens the network's figures from their home page: the
// figures at a glance, the tables and the (lazy) chart, a service filter, and
// the CSV export. An axe scan on each page.
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, signInAs } from './helpers.ts';

test.use({ actionTimeout: 15_000 });

test('the coordinator reads the network’s figures', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  await signInAs(page, 'coordinator@dermlink.test');
  await expect(page).toHaveURL(/\/network$/);
  await expect(page.getByRole('heading', { name: 'Last 30 days at a glance' })).toBeVisible();
  await expect(page.getByText('Answered within the deadline').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('link', { name: 'See all figures' }).click();
  await expect(page).toHaveURL(/\/network\/figures$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Network figures' })).toBeVisible();
  await expect(page.getByTestId('figure-overdueNow')).toHaveText(/^\d+$/);
  await expect(page.getByRole('table', { name: 'What the dermatologists decided' })).toBeVisible();
  await expect(page.getByRole('img', { name: /Bar chart of the outcomes/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // One service, then the CSV of the same view.
  const service = page.getByLabel('Dermatology service');
  const options = await service.locator('option').allTextContents();
  expect(options.length).toBeGreaterThan(1);
  await service.selectOption({ index: 1 });
  await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', /serviceId=/);
  const csv = await page.request.get((await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href'))!);
  expect(csv.ok()).toBe(true);
  const body = await csv.text();
  expect(body.split('\r\n')[0]).toBe('metric,value');
  expect(body).not.toMatch(/@|patient/i);
  await expectNoSeriousA11yViolations(page);
  await context.close();
});
