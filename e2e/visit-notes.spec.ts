// After the video visit: the dermatologist (desktop) opens the visit waiting for
// its notes (the demo seed holds one: Jean Moreau, seen by video two hours
// before the server started, both sides joined, see server/src/visits/demo-visit.ts),
// writes the notes with an ICD-10 code, completes and signs; the referring GP
// (phone) gets the email with a link and no patient data, opens the report with
// the outcome at the top, and downloads the PDF; the patient (phone) reads the
// plain-language summary from their space. Axe scans on each page.
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, signInAs, switchLanguage } from './helpers.ts';
import { linkTo, mailLinkingTo, signInPatientByEmail } from './mail.ts';

test.use({ locale: 'en-GB' });

const DIAGNOSIS = 'Allergic contact dermatitis of the forearm';
const PATIENT_EMAIL = 'jean.moreau@patient.test';

test('the dermatologist completes a visit, the referring GP reads the report, the patient the summary', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const derm = await (await browser.newContext({ baseURL, locale: 'en-GB', viewport: { width: 1366, height: 900 } })).newPage();
  await signInAs(derm, 'derm@dermlink.test');

  // The visits to write up: the demo visit, video held.
  await derm.getByRole('link', { name: 'Visits' }).click();
  await expect(derm.getByRole('heading', { level: 1, name: 'Visits' })).toBeVisible();
  const row = derm.getByRole('row').filter({ hasText: 'Jean MOREAU' });
  await expect(row.getByText('Video held')).toBeVisible();
  await expect(row.getByText('To write')).toBeVisible();
  await expectNoSeriousA11yViolations(derm);
  await row.getByRole('link', { name: 'Open the visit of Jean MOREAU' }).click();
  await derm.waitForURL(/\/appointments\/[0-9a-f-]{36}\/visit$/);
  const appointmentId = /appointments\/([0-9a-f-]{36})\/visit/.exec(derm.url())![1]!;

  // The page: who joined and when, the video rule met, the form.
  await expect(derm.getByRole('heading', { level: 1, name: 'Video visit: Jean MOREAU' })).toBeVisible();
  await expect(derm.getByText('Dr Sophie Laurent joined')).toBeVisible();
  await expect(derm.getByText('Jean Moreau was let in')).toBeVisible();
  await expect(derm.getByText('The video took place: both of you joined.')).toBeVisible();

  // Completing an empty form says what is missing, next to each field.
  await derm.getByRole('button', { name: 'Complete and sign' }).click();
  await expect(derm.getByText('Write the visit notes.')).toBeVisible();
  await expect(derm.getByText('Write a short summary for the patient.')).toBeVisible();

  // Keyboard first: type in reading order; the ICD-10 combobox is picked with the arrows and Enter.
  await derm.getByRole('textbox', { name: 'Notes' }).fill('Itchy erythematous plaques of the left forearm for 6 weeks, started after a new watch strap. No other site.');
  await derm.getByRole('textbox', { name: 'Diagnosis' }).fill(DIAGNOSIS);
  const icd = derm.getByRole('combobox', { name: 'ICD-10 code (optional)' });
  await icd.fill('contact dermatitis');
  await expect(derm.getByRole('option').first()).toBeVisible();
  await icd.press('ArrowDown');
  await icd.press('Enter');
  await expect(icd).toHaveValue(/^L2\d/);
  await derm.getByRole('textbox', { name: 'Plan' }).fill('Remove the strap. Moderate topical steroid for 10 days, then emollient.');
  await derm.getByRole('textbox', { name: 'Summary for the patient' }).fill('Your skin reacts to your watch strap. Stop wearing it and use the cream every evening for 10 days.');
  await expect(derm.getByText('✓ Saved')).toBeVisible();
  // The pointer still rests on the button clicked above: scan the page as read, not its hover shade.
  await derm.mouse.move(0, 0);
  await expectNoSeriousA11yViolations(derm);

  // The draft survives a reload (saved as typed).
  await derm.reload();
  await expect(derm.getByRole('textbox', { name: 'Diagnosis' })).toHaveValue(DIAGNOSIS);

  // Ctrl+Enter asks for confirmation; signing closes the record.
  await derm.getByRole('textbox', { name: 'Plan' }).press('Control+Enter');
  const confirm = derm.getByRole('dialog', { name: 'Complete and sign this visit?' });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByText('The report goes to Dr Claire Martin, and the patient sees the summary.')).toBeVisible();
  await expectNoSeriousA11yViolations(derm);
  await confirm.getByRole('button', { name: 'Sign and complete' }).click();
  await expect(derm.getByText(/^Completed and signed by Dr Sophie Laurent on /)).toBeVisible();
  await expect(derm.getByRole('textbox', { name: 'Diagnosis' })).toHaveCount(0);
  await expect(derm.getByText('Completed', { exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(derm);

  // The referring GP: an email that only links to the report.
  const mail = await mailLinkingTo('gp@dermlink.test', `/appointments/${appointmentId}/report`);
  const link = linkTo(mail, `/appointments/${appointmentId}/report`);
  expect(`${mail.subject}\n${mail.text ?? ''}\n${mail.html ?? ''}`).not.toMatch(/Moreau|Jean|contact dermatitis|watch|steroid/i);

  // On the phone: the outcome in one line at the top, the PDF at the bottom.
  const gp = await (await browser.newContext({ baseURL, locale: 'en-GB', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await signInAs(gp, 'gp@dermlink.test');
  await gp.goto(link);
  await expect(gp.getByRole('heading', { level: 1, name: 'Teleconsultation report' })).toBeVisible();
  await expect(gp.getByRole('status').filter({ hasText: `Seen by video: ${DIAGNOSIS}` })).toBeVisible();
  await expect(gp.getByText('Jean MOREAU, 55 years, male')).toBeVisible();
  await expect(gp.getByText('Remove the strap.', { exact: false })).toBeVisible();
  await expectNoSeriousA11yViolations(gp);
  const pdfLink = gp.getByRole('link', { name: 'Download the PDF report' });
  await expect(pdfLink).toBeVisible();
  const pdf = await gp.request.get((await pdfLink.getAttribute('href'))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

  // The same report is in the GP's notifications.
  await gp.goto('/notifications');
  await expect(gp.getByText('The report of a video consultation is ready').first()).toBeVisible();

  // The patient, on their phone: signs in from the emailed link, finds the visit on "My care", reads the summary.
  const patient = await (await browser.newContext({ baseURL, locale: 'en-GB', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await patient.goto('/patient/sign-in');
  await switchLanguage(patient, 'EN');
  await signInPatientByEmail(patient, PATIENT_EMAIL);
  const visits = patient.getByRole('region', { name: 'Your video appointments' });
  await expect(visits.getByText(/^On \d{1,2} \w+, Dr Sophie Laurent saw you by video\.$/)).toBeVisible();
  await expectNoSeriousA11yViolations(patient);
  await visits.getByRole('link', { name: 'Read the summary' }).click();
  await expect(patient).toHaveURL(`/my-care/appointments/${appointmentId}/summary`);
  await expect(patient.getByText('Your skin reacts to your watch strap. Stop wearing it and use the cream every evening for 10 days.')).toBeVisible();
  await expect(patient.getByText(DIAGNOSIS)).toHaveCount(0);
  await expectNoSeriousA11yViolations(patient);
});
