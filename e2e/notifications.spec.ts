// The notifications bell and pages (issue 7), smoke level: the bell is in the
// header with an accessible name that says the unread count, its popover lists
// notifications, and the list and settings pages pass an axe scan; when a GP
// sends a request, the dermatologist's bell rings live, without a reload.
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

test('the dermatologist’s bell rings without a reload when a GP sends a request', async ({ browser, baseURL }) => {
  const derm = await (await browser.newContext({ baseURL, locale: 'en-GB' })).newPage();
  const gp = await (await browser.newContext({ baseURL, locale: 'en-GB' })).newPage();
  await signInAs(derm, 'derm@dermlink.test');
  await signInAs(gp, 'gp@dermlink.test');
  await derm.goto('/queue');
  const bell = derm.getByRole('button', { name: /^(No unread notifications|\d+ unread notifications?)$/ });
  await expect(bell).toBeVisible();
  const unread = async () => Number(/^(\d+)/.exec((await bell.getAttribute('aria-label')) ?? '')?.[1] ?? 0);
  const before = await unread();

  // The GP sends a request through the API, from their own signed-in session.
  const token = ((await (await gp.request.get('/api/auth/session')).json()) as { csrfToken: string }).csrfToken;
  const call = async (method: 'GET' | 'POST', url: string, data?: unknown) => {
    const res = await gp.request.fetch(url, { method, data: data ?? (method === 'POST' ? {} : undefined), headers: { 'x-csrf-token': token } });
    expect(res.ok(), `${method} ${url}: ${res.status()} ${await res.text()}`).toBe(true);
    return res.json();
  };
  const patientId = (await call('GET', '/api/patients?q=Moreau')).items[0].id as string;
  await call('POST', `/api/patients/${patientId}/consents`, { method: 'oral_in_consultation', scope: ['photos', 'remote_expertise'] });
  const serviceId = (await call('GET', '/api/cases/routing-options')).services[0].id as string;
  const request = {
    reason: 'rash',
    bodySite: { site: 'left_forearm', laterality: 'left', view: 'front' },
    duration: { value: 6, unit: 'weeks' },
    evolution: 'changing',
    symptoms: { itch: true, bleeding: false, pain: false },
    personalHistorySkinCancer: false,
    familyHistorySkinCancer: false,
    immunosuppressed: false,
    phototype: 'III',
    treatments: 'None',
    allergies: 'None',
    question: 'Eczema or psoriasis?',
    urgency: 'routine',
    pigmented: false,
  };
  const created = await call('POST', '/api/cases', { patientId, request, routing: { kind: 'service', serviceId } });
  await call('POST', `/api/cases/${created.id}/submit`);

  // No reload: the live stream updates the count, and the popover names the news.
  await expect.poll(unread, { timeout: 15_000 }).toBe(before + 1);
  await bell.click();
  await expect(derm.getByRole('dialog', { name: 'Notifications' }).getByText('A new request is waiting in your queue').first()).toBeVisible();
  await expectNoSeriousA11yViolations(derm);
});
