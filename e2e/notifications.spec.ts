// The notifications bell and pages (issue 7), smoke level: the bell is in the
// header with an accessible name that says the unread count, its popover lists
// notifications, and the list and settings pages pass an axe scan. The full
// journey (a GP submits, the dermatologist's bell rings live) is the lead's.
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, signInAs } from './helpers.ts';

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
