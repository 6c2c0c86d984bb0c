// The notifications bell and pages (issue 7), smoke level: the bell is in the
// header with an accessible name that says the unread count, its popover lists
// notifications, and the list and settings pages pass an axe scan; when a GP
// sends a request, the dermatologist's bell rings live, without a reload.
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, signInAs } from './helpers.ts';
import { apiAs, sendRequestFor } from './api.ts';

test.use({ locale: 'en-GB' });

test('a dermatologist sees the bell, its popover, the notifications and the settings', async ({ page }) => {
  await signInAs(page, 'derm@dermlink.test');
  const bell = page.getByRole('button', { name: /^(No unread notifications|\d+ unread notifications?)$/ });
  await expect(bell).toBeVisible();
  await bell.click();
  const dialog = page.getByRole('dialog', { name: 'Notifications' });
  await expect(dialog).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await dialog.getByRole('link', { name: 'See all notifications' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.goto('/profile/notifications');
  await expect(page.getByRole('heading', { level: 1, name: 'Notification settings' })).toBeVisible();
  const digest = page.getByRole('switch', { name: 'One email a day instead of one per event' });
  await digest.check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Your notification settings are saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('switch', { name: 'One email a day instead of one per event' })).toBeChecked();
  await expectNoSeriousA11yViolations(page);
});

test('the dermatologist’s bell rings without a reload when a GP sends a request', async ({ browser, baseURL }) => {
  const derm = await (await browser.newContext({ baseURL, locale: 'en-GB' })).newPage();
  const gp = await (await browser.newContext({ baseURL, locale: 'en-GB' })).newPage();
  await signInAs(derm, 'derm@dermlink.test');
  await signInAs(gp, 'gp@dermlink.test');
  await derm.goto('/queue');
  const bell = derm.getByRole('button', { name: /^(No unread notifications|\d+ unread notifications?)$/ });
  await expect(bell).toBeVisible();
  const unread = async () => Number(/^(\d+)/.exec((await bell.getAttribute('aria-label')) ?? '')?.[1] ?? 0);
  // The count the server has now (earlier journeys may have left some), once the bell shows it.
  const before = ((await (await derm.request.get('/api/notifications/unread-count')).json()) as { unread: number }).unread;
  await expect.poll(unread).toBe(before);

  // The GP sends a request through the API, from their own signed-in session.
  await sendRequestFor(await apiAs(gp), 'Moreau', 'Eczema or psoriasis?');

  // No reload: the live stream updates the count, and the popover names the news.
  await expect.poll(unread, { timeout: 15_000 }).toBe(before + 1);
  await bell.click();
  await expect(derm.getByRole('dialog', { name: 'Notifications' }).getByText('A new request is waiting in your queue').first()).toBeVisible();
  await expectNoSeriousA11yViolations(derm);
});
