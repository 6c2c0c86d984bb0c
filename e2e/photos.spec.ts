// Photo journey: a GP adds a photo to a draft case while the network is off
// (the queue says it waits), the network comes back and the photo arrives
// exactly once and is checked by the server; a second photo; then the viewer
// (keyboard zoom, next photo). Axe scans on each screen.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CasePhotosResponse } from '../contracts/photos/photos.ts';
import * as helpers from './helpers.ts';

const GP = 'gp@dermlink.test';
// The server accepts each authenticator code once: sign the GP in once for the file and reuse the session.
const GP_STATE = path.join(mkdtempSync(path.join(tmpdir(), 'dermlink-photos-e2e-')), 'gp.json');
test.use({ locale: 'en-GB', storageState: GP_STATE });
test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-GB', storageState: undefined });
  const page = await context.newPage();
  await helpers.signInAs(page, GP);
  await context.storageState({ path: GP_STATE });
  await context.close();
});

const FIXTURES = path.resolve(import.meta.dirname, '../../shared/fixtures/images/mobile');
const NOKIA = path.join(FIXTURES, 'HMD_Nokia_8.3_5G.jpg');
const IPHONE = path.join(FIXTURES, 'iphone_hdr.jpg');

/** A fresh draft case of a demo patient, created through the API with the page's session. */
async function createDraftCase(page: Page): Promise<{ caseId: string; csrf: string }> {
  const session = await page.request.get('/api/auth/session');
  expect(session.ok()).toBe(true);
  const { csrfToken: csrf } = (await session.json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrf };
  const patients = await page.request.get('/api/patients?q=Moreau');
  expect(patients.ok()).toBe(true);
  const patientId = ((await patients.json()) as { items: { id: string }[] }).items[0]!.id;
  const consent = await page.request.post(`/api/patients/${patientId}/consents`, { headers, data: { method: 'oral_in_consultation', scope: ['photos', 'remote_expertise'] } });
  expect(consent.status(), await consent.text()).toBeLessThan(300);
  const created = await page.request.post('/api/cases', { headers, data: { patientId } });
  expect(created.status(), await created.text()).toBe(201);
  return { caseId: ((await created.json()) as { id: string }).id, csrf };
}

async function photosOf(page: Page, caseId: string): Promise<CasePhotosResponse['photos']> {
  const res = await page.request.get(`/api/cases/${caseId}/photos`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as CasePhotosResponse).photos;
}

test('a GP adds photos while offline; they arrive once when the network returns; the viewer zooms and steps', async ({ page, context }) => {
  await page.goto('/');
  const { caseId } = await createDraftCase(page);

  await page.goto(`/photos/${caseId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Photos of the request' })).toBeVisible();
  await expect(page.getByText('No photo yet')).toBeVisible();
  await helpers.expectNoSeriousA11yViolations(page);

  // --- Offline: the photo is checked on the device and waits in the queue.
  await context.setOffline(true);
  await page.getByTestId('photo-file-input').setInputFiles(NOKIA);
  await expect(page.getByText('Good photo')).toBeVisible();
  await helpers.expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Use this photo' }).click();
  const status = page.getByTestId('photo-queue-status');
  await expect(status).toHaveText('1 photo waiting for network');
  await expect(page.getByTestId('queue-item')).toHaveAttribute('data-state', 'waiting');
  await helpers.expectNoSeriousA11yViolations(page);

  // --- Back online: it goes by itself, the server checks it, exactly one photo arrives.
  await context.setOffline(false);
  await expect(status).toHaveText('All photos sent', { timeout: 30_000 });
  await expect(page.getByTestId('case-photo')).toHaveCount(1);
  const afterFirst = await photosOf(page, caseId);
  expect(afterFirst).toHaveLength(1);
  expect(afterFirst[0]).toMatchObject({ status: 'ready', tag: 'overview' });

  // --- A second photo, online: the type moved on to close-up by itself.
  await expect(page.getByRole('radio', { name: 'Close-up' })).toBeChecked();
  await page.getByTestId('photo-file-input').setInputFiles(IPHONE);
  await page.getByRole('button', { name: /Use this photo|Send anyway/ }).click();
  await expect(page.getByTestId('queue-item')).toHaveCount(2);
  await expect(page.locator('[data-testid="queue-item"][data-state="ready"]')).toHaveCount(2, { timeout: 30_000 });
  await expect(status).toHaveText('All photos sent');
  await expect(page.getByTestId('case-photo')).toHaveCount(2);
  const afterSecond = await photosOf(page, caseId);
  expect(afterSecond.map((p) => [p.tag, p.status]).sort()).toEqual([
    ['close_up', 'ready'],
    ['overview', 'ready'],
  ]);

  // --- The viewer: keyboard zoom, fit, next photo.
  await page.getByRole('button', { name: 'Open the Overview photo' }).click();
  const viewer = page.getByTestId('photo-viewer');
  await expect(viewer).toBeVisible();
  const stage = viewer.getByTestId('photo-stage').first();
  await expect(stage.locator('img')).toHaveJSProperty('complete', true);
  await stage.focus();
  await expect(page.getByTestId('photo-counter')).toHaveText('1 of 2');
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await expect(stage).not.toHaveAttribute('data-scale', '1.00');
  await expect(page.getByTestId('photo-zoom')).toHaveText('Zoom 156%');
  // Zoomed: arrows move the image instead of changing photo.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('photo-counter')).toHaveText('1 of 2');
  await page.keyboard.press('0');
  await expect(stage).toHaveAttribute('data-scale', '1.00');
  await page.keyboard.press('j');
  await expect(page.getByTestId('photo-counter')).toHaveText('2 of 2');
  await page.keyboard.press('k');
  await expect(page.getByTestId('photo-counter')).toHaveText('1 of 2');
  await page.getByRole('button', { name: 'Next photo' }).click();
  await expect(page.getByTestId('photo-counter')).toHaveText('2 of 2');
  // Let the button's tooltip fade out before the scan (a half-faded tooltip has no contrast).
  await page.mouse.move(0, 0);
  await expect(page.getByRole('tooltip')).toHaveCount(0);
  await helpers.expectNoSeriousA11yViolations(page);
});

test('the in-app camera takes a photo into the page and gives a verdict at once', async ({ page, context }) => {
  await context.grantPermissions(['camera']);
  const { caseId } = await createDraftCase(page);
  await page.goto(`/photos/${caseId}`);
  await page.getByText('Dermoscopy', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'Dermoscopy' })).toBeChecked();
  await expect(page.getByText('Dermatoscope lens flat on the skin.')).toBeVisible();
  await page.getByRole('button', { name: 'Take a photo' }).click();
  const camera = page.getByRole('dialog', { name: 'Camera' });
  await expect(camera).toBeVisible();
  await expect(camera.getByRole('note')).toHaveText('Dermatoscope lens flat on the skin.');
  const shutter = camera.getByRole('button', { name: 'Take the photo' });
  await expect(shutter).toBeEnabled({ timeout: 10_000 });
  await helpers.expectNoSeriousA11yViolations(page);
  await shutter.click();
  await expect(camera).toBeHidden();
  // Chromium's fake camera is small and synthetic: whatever the verdict, it is given in words with a way to retake.
  await expect(page.locator('[data-verdict]')).toBeVisible({ timeout: 5_000 });
  await expect(page.getByRole('button', { name: 'Retake' })).toBeVisible();
  await helpers.expectNoSeriousA11yViolations(page);
  // Nothing was sent: the photo is only on the page until "Use".
  expect(await photosOf(page, caseId)).toHaveLength(0);
});

test('an iPhone HEIC photo the browser cannot read is sent as it is and checked by the server', async ({ page }) => {
  const { caseId } = await createDraftCase(page);
  await page.goto(`/photos/${caseId}`);
  await page.getByTestId('photo-file-input').setInputFiles(path.resolve(import.meta.dirname, '../../shared/fixtures/images/heic/IMG_5195.heic'));
  await expect(page.getByText('This photo cannot be checked on this device')).toBeVisible();
  await helpers.expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Use this photo' }).click();
  await expect(page.locator('[data-testid="queue-item"][data-state="ready"]')).toHaveCount(1, { timeout: 30_000 });
  const photos = await photosOf(page, caseId);
  expect(photos).toHaveLength(1);
  expect(photos[0]).toMatchObject({ status: 'ready', tag: 'overview' });
  expect(photos[0]!.quality).not.toBeNull();
});
