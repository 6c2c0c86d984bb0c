// The tele-expertise case end to end, two people in two browsers: the GP on a
// phone creates a patient, records consent, fills the request (body map,
// 7-point checklist) and sends it; the dermatologist on a desktop claims it
// from the queue and asks a question; the GP replies; the dermatologist answers
// with an ICD-10 code and signs; the GP opens the case on the answer, downloads
// the PDF and acknowledges. An axe scan on every page visited.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { apiAs, routineRequest, sendRequestFor } from './api.ts';
import { expectNoSeriousA11yViolations, signInAs } from './helpers.ts';

const PHOTO = path.resolve(import.meta.dirname, '../../shared/fixtures/images/mobile/iphone_hdr.jpg');
const PHOTO_COMPONENT = existsSync(path.resolve(import.meta.dirname, '../web/src/photos/PhotoCapture.tsx'));

/** A SegmentedControl option, by its visible label. */
const segment = (page: Page, label: string) => page.locator('label').filter({ hasText: new RegExp(`^${label}$`) });
const next = (page: Page) => page.getByRole('button', { name: 'Continue', exact: true }).click();

test.use({ actionTimeout: 15_000 });

test('a GP asks, a dermatologist answers, the GP reads and acknowledges', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const gpContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB', acceptDownloads: true });
  const dermContext = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
  const gp = await gpContext.newPage();
  const derm = await dermContext.newPage();

  // ---------- The GP, on a phone ----------
  await signInAs(gp, 'gp@dermlink.test');
  await expect(gp).toHaveURL(/\/cases$/);
  await expect(gp.getByRole('heading', { level: 1, name: 'My cases' })).toBeVisible();
  await expectNoSeriousA11yViolations(gp);

  await gp.getByRole('link', { name: 'New request' }).last().click();
  await expect(gp).toHaveURL(/\/cases\/new$/);
  await expect(gp.getByText('Step 1 of 9')).toBeVisible();
  const familyName = `Essai${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 6)}`;
  await gp.getByLabel('Find a patient').fill(familyName);
  await expect(gp.getByText('No patient of your practice matches')).toBeVisible();
  await expectNoSeriousA11yViolations(gp);
  await gp.getByRole('button', { name: 'New patient' }).click();
  await expect(gp.getByLabel('Family name')).toHaveValue(familyName);
  await gp.getByLabel('Given name').fill('Camille');
  await gp.getByLabel('Date of birth').fill('1980-05-17');
  await segment(gp, 'Female').click();
  const phone = gp.getByLabel('Mobile phone');
  await expect(phone).toHaveAttribute('inputmode', 'tel');
  await phone.fill('+33 6 12 34 56 78');
  // The national identifier is checked as it is typed.
  await gp.getByLabel('National identifier').fill('1 80 05 75 123 456 00');
  await expect(gp.getByText(/check digits do not match|right format/)).toBeVisible();
  await gp.getByLabel('National identifier').fill('');
  await expectNoSeriousA11yViolations(gp);
  await gp.getByRole('button', { name: 'Create patient' }).click();

  // Consent in one tap, then the draft exists and the wizard continues on it.
  await expect(gp.getByText('Step 2 of 9')).toBeVisible();
  await expectNoSeriousA11yViolations(gp);
  await gp.getByRole('button', { name: 'Recorded orally in consultation' }).click();
  await expect(gp).toHaveURL(/\/cases\/[0-9a-f-]{36}\?step=site/);
  const caseId = /\/cases\/([0-9a-f-]{36})/.exec(gp.url())![1]!;

  await gp.getByText('Suspicious lesion', { exact: true }).click();
  // The body map: each region is a button with its name.
  await gp.getByRole('button', { name: 'Left forearm' }).click();
  await expect(gp.getByText('Chosen: Left forearm')).toBeVisible();
  await expect(gp.getByRole('button', { name: 'Left forearm' })).toHaveAttribute('aria-pressed', 'true');
  await expectNoSeriousA11yViolations(gp);
  await next(gp);

  await expect(gp.getByText('Step 4 of 9')).toBeVisible();
  await expect(gp.getByLabel('For how long')).toHaveAttribute('inputmode', 'numeric');
  await gp.getByLabel('For how long').fill('3');
  await segment(gp, 'Changing').click();
  await gp.getByText('Itch', { exact: true }).click();
  await expectNoSeriousA11yViolations(gp);
  await next(gp);

  await expect(gp.getByText('Step 5 of 9')).toBeVisible();
  await segment(gp, 'II').click();
  await expect(gp.getByText('II: usually burns, tans minimally')).toBeVisible();
  await expectNoSeriousA11yViolations(gp);
  await next(gp);

  // Pigmented: the 7-point checklist scores live; 3 or more raises the urgency.
  await expect(gp.getByText('Step 6 of 9')).toBeVisible();
  await segment(gp, 'Yes').click();
  await expect(gp.getByText('Score 0 / 10')).toBeVisible();
  await gp.getByLabel('Change in size').check();
  await expect(gp.getByText('Score 2 / 10')).toBeVisible();
  await expect(gp.getByText(/Score 3 or more/)).toHaveCount(0);
  await gp.getByLabel('Irregular colour').check();
  await expect(gp.getByText('Score 4 / 10')).toBeVisible();
  await expect(gp.getByText('Score 3 or more: consider the suspected-cancer pathway — urgency raised', { exact: false })).toBeVisible();
  await expectNoSeriousA11yViolations(gp);
  await next(gp);

  await expect(gp.getByText('Step 7 of 9')).toBeVisible();
  await expect(gp.getByRole('radio', { name: 'Urgent' })).toBeChecked();
  await gp.getByLabel('Your question to the dermatologist').fill('Changing pigmented lesion of the forearm: melanoma?');
  await expect(gp.getByText('Saved', { exact: false })).toBeVisible();
  await expectNoSeriousA11yViolations(gp);
  await next(gp);

  await expect(gp.getByText('Step 8 of 9')).toBeVisible();
  if (PHOTO_COMPONENT) {
    await gp.getByTestId('photo-file-input').setInputFiles(PHOTO);
    await gp.getByRole('button', { name: /Use this photo|Send anyway/ }).click();
    await expect(gp.getByTestId('case-photo')).toHaveCount(1, { timeout: 30_000 });
  }
  await expectNoSeriousA11yViolations(gp);
  await next(gp);

  // The draft is saved on the server: a reload resumes it on the same step.
  await expect(gp.getByText('Step 9 of 9')).toBeVisible();
  await gp.reload();
  await expect(gp.getByText('Step 9 of 9')).toBeVisible();
  await expect(gp.getByText('Left forearm')).toBeVisible();
  await expect(gp.getByText('Changing pigmented lesion of the forearm: melanoma?')).toBeVisible();
  await expectNoSeriousA11yViolations(gp);
  await gp.getByRole('button', { name: 'Send the request' }).click();
  await expect(gp.getByText(/Request sent\. An answer is expected by/)).toBeVisible();
  await expect(gp.getByText('Sent, waiting for a dermatologist')).toBeVisible();
  await expectNoSeriousA11yViolations(gp);

  // ---------- The dermatologist, on a desktop ----------
  await signInAs(derm, 'derm@dermlink.test');
  await expect(derm).toHaveURL(/\/queue$/);
  await expect(derm.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
  const row = derm.getByRole('row').filter({ has: derm.locator(`a[href="/queue/${caseId}"]`) });
  await expect(row).toBeVisible();
  await expect(row.getByText('Suspected cancer')).toBeVisible();
  await expect(row.getByText('Left forearm')).toBeVisible();
  await expectNoSeriousA11yViolations(derm);
  // Filters stay put between visits.
  await derm.getByRole('combobox', { name: 'Priority' }).click();
  await derm.getByRole('option', { name: 'Suspected cancer' }).click();
  await derm.reload();
  await expect(derm.getByRole('combobox', { name: 'Priority' })).toHaveValue('Suspected cancer');
  await expect(row).toBeVisible();
  await derm.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(derm.getByRole('combobox', { name: 'Priority' })).toHaveValue('');
  await row.getByRole('button', { name: /Claim/ }).click();
  await expect(derm).toHaveURL(new RegExp(`/queue/${caseId}$`));
  await expect(derm.locator('#main').getByText('A dermatologist is reviewing it')).toBeVisible();
  await expectNoSeriousA11yViolations(derm);

  // Shortcuts behind `?`.
  await derm.keyboard.press('?');
  await expect(derm.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expectNoSeriousA11yViolations(derm);
  await derm.keyboard.press('Escape');
  await expect(derm.getByRole('dialog')).toHaveCount(0);

  await derm.getByRole('button', { name: 'Ask the requester' }).click();
  await derm.getByLabel('Your question to the requester').fill('Has it bled? Any history of sunburn?');
  await derm.getByRole('button', { name: 'Send the question' }).click();
  await expect(derm.getByText('Question for you')).toBeVisible();

  // ---------- The GP replies ----------
  await gp.goto(`/cases/${caseId}`);
  await expect(gp.getByRole('heading', { name: 'The dermatologist has a question' })).toBeVisible();
  await expect(gp.getByText('Has it bled? Any history of sunburn?')).toBeVisible();
  await expectNoSeriousA11yViolations(gp);
  await gp.getByLabel('Your reply').fill('No bleeding. Several sunburns as a child.');
  await gp.getByRole('button', { name: 'Send my reply' }).click();
  await expect(gp.getByText('A dermatologist is reviewing it')).toBeVisible();

  // ---------- The dermatologist answers and signs ----------
  await derm.reload();
  await expect(derm.getByText('No bleeding. Several sunburns as a child.')).toBeVisible();
  await derm.locator('body').click({ position: { x: 5, y: 5 } });
  await derm.keyboard.press('a');
  const diagnosis = derm.getByLabel('Diagnosis', { exact: false }).first();
  await expect(diagnosis).toBeFocused();
  await diagnosis.fill('Suspected superficial spreading melanoma');
  const icd = derm.getByRole('combobox', { name: 'ICD-10 code' });
  await icd.fill('melanoma');
  await derm.getByRole('option').first().click();
  await expect(icd).toHaveValue(/^C43/);
  await derm.getByLabel('Management plan').fill('Refer now for excision biopsy on the suspected-cancer pathway.');
  await derm.getByText('Urgent: refer on the suspected-cancer pathway').click();
  await derm.getByLabel('Summary for the patient').fill('The spot on your arm needs a closer look soon. Your doctor will arrange it.');
  await derm.getByLabel('The GP discusses this with the patient first').check();
  await expectNoSeriousA11yViolations(derm);
  await derm.getByRole('button', { name: /^Sign/ }).first().click();
  const confirm = derm.getByRole('dialog', { name: 'Sign this answer?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Sign the answer' }).click();
  await expect(derm.getByText('Answer signed and sent to the requester.')).toBeVisible();
  await expect(derm.getByText(/Signed by Dr Sophie Laurent/)).toBeVisible();
  await expectNoSeriousA11yViolations(derm);

  // ---------- The GP reads the answer, downloads the PDF, acknowledges ----------
  await gp.goto('/cases?view=answered');
  const gpRow = gp.getByRole('link', { name: new RegExp(`Case of Camille ${familyName}`) });
  await expect(gpRow.getByText('New')).toBeVisible();
  await expectNoSeriousA11yViolations(gp);
  await gpRow.click();
  // Opens on the answer: the outcome in one line at the top.
  const outcome = gp.getByRole('alert').first();
  await expect(outcome).toHaveText(/Urgent: refer on the suspected-cancer pathway/);
  await expect(gp.getByText('Suspected superficial spreading melanoma')).toBeVisible();
  await expectNoSeriousA11yViolations(gp);
  const [download] = await Promise.all([gp.waitForEvent('download'), gp.getByRole('link', { name: 'Download the PDF report' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  await gp.getByRole('button', { name: 'Acknowledge and close' }).click();
  await expect(gp.getByText(/You acknowledged this answer on/)).toBeVisible();
  await expect(gp.getByText('Closed', { exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(gp);

  await gpContext.close();
  await dermContext.close();
});

test('a GP withdraws a request saying why; the dermatologist reads why and it leaves the queue', async ({ browser, baseURL }) => {
  const gpContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
  const gp = await gpContext.newPage();
  await signInAs(gp, 'gp@dermlink.test');
  const { caseId } = await sendRequestFor(await apiAs(gp), 'Moreau', 'Is this a wart?');

  await gp.goto(`/cases/${caseId}`);
  await gp.getByRole('button', { name: 'Withdraw this request' }).click();
  const dialog = gp.getByRole('dialog', { name: 'Withdraw this request?' });
  await expect(dialog).toBeVisible();
  // The safe choice has the focus: Enter does not withdraw.
  await expect(dialog.getByRole('button', { name: 'Keep the request' })).toBeFocused();
  await dialog.getByRole('textbox', { name: 'Why? (optional)' }).fill('Seen at the hospital yesterday.');
  await expectNoSeriousA11yViolations(gp);
  await dialog.getByRole('button', { name: 'Withdraw', exact: true }).click();
  await expect(dialog).toBeHidden();
  const notice = gp.getByTestId('withdrawn-notice');
  await expect(notice).toBeInViewport();
  await expect(notice).toContainText('You withdrew this request on');
  await expect(notice).toContainText('Reason: Seen at the hospital yesterday.');
  await expect(gp.getByRole('button', { name: 'Withdraw this request' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(gp);

  const dermContext = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
  const derm = await dermContext.newPage();
  await signInAs(derm, 'derm@dermlink.test');
  await derm.goto(`/queue/${caseId}`);
  await expect(derm.getByTestId('withdrawn-notice')).toContainText('The requester withdrew this request on');
  await expect(derm.getByTestId('withdrawn-notice')).toContainText('Reason: Seen at the hospital yesterday.');
  await expect(derm.getByText(/Due [A-Z][a-z]{2} \d/)).toHaveCount(0);
  await expectNoSeriousA11yViolations(derm);
  await derm.goto('/queue');
  await expect(derm.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(derm.locator(`a[href="/queue/${caseId}"]`)).toHaveCount(0);
  await gpContext.close();
  await dermContext.close();
});

test('a dermatologist saves an answer as a personal template, inserts it on the next case, renames and updates it, then deletes it', async ({ browser, baseURL }) => {
  const gpContext = await browser.newContext({ baseURL, locale: 'en-GB' });
  const gpPage = await gpContext.newPage();
  await signInAs(gpPage, 'gp@dermlink.test');
  const gp = await apiAs(gpPage);
  const first = await sendRequestFor(gp, 'Moreau', 'Seborrhoeic keratosis?');
  const second = await sendRequestFor(gp, 'Moreau', 'Another keratosis?');
  await gpContext.close();

  const dermContext = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
  const derm = await dermContext.newPage();
  await signInAs(derm, 'derm@dermlink.test');
  const api = await apiAs(derm);
  await api('POST', `/api/cases/${first.caseId}/claim`);
  await api('POST', `/api/cases/${second.caseId}/claim`);

  await derm.goto(`/queue/${first.caseId}`);
  await derm.getByRole('button', { name: /^Answer/ }).click();
  await derm.getByLabel('Diagnosis', { exact: false }).first().fill('Seborrhoeic keratosis, benign.');
  await derm.getByLabel('Management plan').fill('No treatment needed; cryotherapy if it itches.');
  await derm.getByRole('button', { name: /Insert a template/ }).click();
  await derm.getByRole('menuitem', { name: 'Save this answer as a template…' }).click();
  const save = derm.getByRole('dialog', { name: 'Save as a template' });
  await save.getByRole('textbox', { name: 'Template name' }).fill('Seborrhoeic keratosis');
  await expectNoSeriousA11yViolations(derm);
  await save.getByRole('button', { name: 'Save the template' }).click();
  await expect(save).toBeHidden();

  // The next case: the template fills the answer in one go.
  await derm.goto(`/queue/${second.caseId}`);
  await derm.getByRole('button', { name: /^Answer/ }).click();
  await derm.getByRole('button', { name: /Insert a template/ }).click();
  await derm.getByRole('menuitem', { name: 'Seborrhoeic keratosis' }).click();
  await expect(derm.getByLabel('Diagnosis', { exact: false }).first()).toHaveValue('Seborrhoeic keratosis, benign.');
  await expect(derm.getByLabel('Management plan')).toHaveValue('No treatment needed; cryotherapy if it itches.');

  // The template improves with use: renamed, then replaced with the answer being written.
  await derm.getByLabel('Management plan').fill('Reassure; cryotherapy only if it catches on clothing.');
  await derm.getByRole('button', { name: /Insert a template/ }).click();
  await derm.getByRole('menuitem', { name: 'Rename, update or delete a template…' }).click();
  const templates = derm.getByRole('dialog', { name: 'Your templates' });
  await templates.getByRole('textbox', { name: 'Name of the template Seborrhoeic keratosis' }).fill('SK, benign');
  await templates.getByRole('button', { name: 'Rename the template Seborrhoeic keratosis' }).click();
  await expect(templates.getByRole('status')).toHaveText('Renamed.');
  await templates.getByRole('button', { name: 'Replace the template SK, benign with the answer being written' }).click();
  await expect(templates.getByRole('status')).toHaveText('Updated with the answer being written.');
  await expectNoSeriousA11yViolations(derm);
  await templates.getByRole('button', { name: 'Close' }).last().click();
  await derm.getByLabel('Management plan').fill('');
  await derm.getByRole('button', { name: /Insert a template/ }).click();
  await derm.getByRole('menuitem', { name: 'SK, benign' }).click();
  await expect(derm.getByLabel('Management plan')).toHaveValue('Reassure; cryotherapy only if it catches on clothing.');

  // And an old template goes away.
  await derm.getByRole('button', { name: /Insert a template/ }).click();
  await derm.getByRole('menuitem', { name: 'Rename, update or delete a template…' }).click();
  await templates.getByRole('button', { name: 'Delete the template SK, benign' }).click();
  await expect(templates.getByText('No personal template yet')).toBeVisible();
  await templates.getByRole('button', { name: 'Close' }).last().click();
  await derm.getByRole('button', { name: /Insert a template/ }).click();
  await expect(derm.getByRole('menuitem', { name: 'SK, benign' })).toHaveCount(0);
  await dermContext.close();
});

test('a long queue shows the 50 most pressing cases, then the next ones on request', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const gpContext = await browser.newContext({ baseURL, locale: 'en-GB' });
  const gpPage = await gpContext.newPage();
  await signInAs(gpPage, 'gp@dermlink.test');
  const gp = await apiAs(gpPage);
  // Enough routine requests to fill more than one page; withdrawn at the end so later journeys see the usual queue.
  const first = await sendRequestFor(gp, 'Lefèvre', 'Queue page 1?');
  const created = [first.caseId];
  try {
    const serviceId = (await gp('GET', '/api/cases/routing-options')).services[0].id as string;
    for (let i = 0; i < 50; i++) {
      const { id } = await gp('POST', '/api/cases', { patientId: first.patientId, request: routineRequest(`Queue page ${i + 2}?`), routing: { kind: 'service', serviceId } });
      await gp('POST', `/api/cases/${id}/submit`);
      created.push(id);
    }
    const last = created.at(-1)!; // the latest deadline of all: last in the queue

    const dermContext = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
    const derm = await dermContext.newPage();
    await signInAs(derm, 'derm@dermlink.test');
    await derm.goto('/queue');
    await expect(derm.getByRole('status').filter({ hasText: 'Cases: 50, more below' })).toBeVisible();
    await expect(derm.locator(`a[href="/queue/${last}"]`)).toHaveCount(0);
    const more = derm.getByRole('button', { name: 'Show more cases' });
    await expectNoSeriousA11yViolations(derm);
    await more.focus();
    await derm.keyboard.press('Enter');
    await expect(derm.locator(`a[href="/queue/${last}"]`)).toBeVisible();
    await expect(more).toHaveCount(0);
    await expect(derm.getByRole('status').filter({ hasText: /^Cases: (5[1-9]|[6-9]\d)$/ })).toBeVisible();
    await dermContext.close();
  } finally {
    for (const id of created) await gp('POST', `/api/cases/${id}/withdraw`, {});
    await gpContext.close();
  }
});
