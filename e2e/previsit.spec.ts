// Before the visit: the GP's practice books a video consultation for a demo
// patient (through the API with the GP's session; the dermatologist publishes
// availability first if the demo has none). The patient, on a phone, opens
// "Prepare your visit", answers the questions in four short steps (saved as
// typed: a reload keeps them), sends them, and adds a photo through the photo
// pipeline. The dermatologist, on a desktop, opens /appointments/:id and sees
// the answers with clinical labels and the photo in the viewer. An axe scan on
// each page.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { apiAs, type ApiCaller } from './api.ts';
import { expectNoSeriousA11yViolations, signInAs, switchLanguage } from './helpers.ts';
import { signInPatientByEmail } from './mail.ts';

test.use({ actionTimeout: 15_000 });

const PATIENT_EMAIL = 'lea.lefevre@patient.test';
const PHOTO = path.resolve(import.meta.dirname, '../../shared/fixtures/images/mobile/HMD_Nokia_8.3_5G.jpg');

/** A free slot of the demo dermatologist, publishing a weekly rule first when the demo has none. */
async function bookForLea(derm: ApiCaller, gp: ApiCaller, dermId: string): Promise<string> {
  const availability = await derm('GET', '/api/availability');
  const serviceId = availability.services[0].id as string;
  const freeSlots = async () =>
    ((await gp('GET', `/api/slots?serviceId=${serviceId}&dermatologistId=${dermId}&days=30`)).slots as Array<{ startsAt: string }>).filter(
      (slot) => new Date(slot.startsAt).getTime() > Date.now() + 26 * 60 * 60 * 1000,
    );
  let slots = await freeSlots();
  if (slots.length === 0) {
    await derm('POST', '/api/availability/rules', {
      serviceId,
      weekdays: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'],
      startTime: '08:00',
      endTime: '18:00',
      slotMinutes: 30,
      validFrom: new Date().toISOString().slice(0, 10),
    });
    slots = await freeSlots();
  }
  expect(slots.length, 'a free slot of the demo dermatologist').toBeGreaterThan(0);
  const patientId = (await gp('GET', `/api/patients?q=${encodeURIComponent('Lefèvre')}`)).items[0].id as string;
  const booked = await gp('POST', '/api/appointments', {
    startsAt: slots[0]!.startsAt,
    dermatologistId: dermId,
    patientId,
    serviceId,
    referralLetter: 'Pigmented lesion of the left shoulder, changing over 6 months. Thank you for seeing her.',
  });
  return booked.id as string;
}

async function signInPatient(page: Page) {
  await page.goto('/patient/sign-in');
  await switchLanguage(page, 'EN');
  await signInPatientByEmail(page, PATIENT_EMAIL);
}

test('a patient prepares the visit on a phone; the dermatologist reads the answers and sees the photo', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const dermContext = await browser.newContext({ baseURL, locale: 'en-GB', viewport: { width: 1440, height: 900 } });
  const gpContext = await browser.newContext({ baseURL, locale: 'en-GB' });
  const derm = await dermContext.newPage();
  const gp = await gpContext.newPage();
  await signInAs(derm, 'derm@dermlink.test');
  await signInAs(gp, 'gp@dermlink.test');
  const dermApi = await apiAs(derm);
  const dermId = (await dermApi('GET', '/api/auth/session')).user.id as string;
  const appointmentId = await bookForLea(dermApi, await apiAs(gp), dermId);

  // --- The patient, on a phone.
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
  const page = await phone.newPage();
  await signInPatient(page);
  await page.goto(`/my-care/appointments/${appointmentId}/prepare`);
  await expect(page.getByRole('heading', { level: 1, name: 'Prepare your visit' })).toBeVisible();
  await expect(page.getByText(/Your video visit is on .+, with Dr Sophie Laurent\./)).toBeVisible();
  await expect(page.getByText('Step 1 of 4')).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Step 1, saved as typed: a reload keeps the answers.
  await page.getByRole('radio', { name: 'A new spot, or a mole that is changing' }).click();
  await page.getByRole('textbox', { name: 'Tell us in your own words' }).fill('A brown spot that got bigger this summer.');
  await page.getByRole('textbox', { name: 'Where is it on your body?' }).fill('Left shoulder');
  await expect(page.getByTestId('questionnaire-save-state')).toHaveText('Saved');
  await page.reload();
  await expect(page.getByRole('radio', { name: 'A new spot, or a mole that is changing' })).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Where is it on your body?' })).toHaveValue('Left shoulder');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 2.
  await expect(page.getByRole('heading', { name: 'How long, and how does it feel?' })).toBeVisible();
  await page.getByRole('radio', { name: '1 to 12 months' }).click();
  await page.getByRole('radio', { name: 'It is getting worse' }).click();
  await page.getByRole('checkbox', { name: 'It itches' }).click();
  await page.getByRole('checkbox', { name: 'It is getting bigger' }).click();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 3: an explicit "nothing", and an allergy.
  await page.getByRole('checkbox', { name: 'I do not use anything for it' }).click();
  await page.getByRole('textbox', { name: 'Are you allergic to any medicine?' }).fill('Penicillin: a rash');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 4: "I do not know" is an answer, kept after a reload (step 1 again, then back here).
  await page.getByRole('radio', { name: 'I do not know' }).click();
  await expect(page.getByTestId('questionnaire-save-state')).toHaveText('Saved');
  await page.reload();
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('radio', { name: 'I do not know' })).toBeChecked();
  // Then send, with a phototype after all.
  await page.getByRole('radio', { name: 'I burn easily and tan only a little.' }).click();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Send my answers' }).click();
  await expect(page.getByTestId('questionnaire-sent')).toHaveText('Your answers were sent. The doctor will read them before your visit.');

  // A photo: checked on the phone, queued, sent, checked by the server.
  await page.getByTestId('photo-file-input').setInputFiles(PHOTO);
  await expect(page.getByText('Good photo')).toBeVisible();
  await page.getByRole('button', { name: 'Use this photo' }).click();
  await expect(page.getByTestId('photo-queue-status')).toHaveText('All photos sent', { timeout: 30_000 });
  await expect(page.locator('[data-testid="appointment-photo"][data-status="ready"]')).toHaveCount(1, { timeout: 30_000 });
  await expectNoSeriousA11yViolations(page);

  // --- The dermatologist, on a desktop.
  await derm.goto(`/appointments/${appointmentId}`);
  await expect(derm.getByRole('heading', { level: 1, name: /LEFÈVRE Léa/ })).toBeVisible();
  const answers = derm.getByTestId('questionnaire-answers');
  await expect(answers.getByRole('row', { name: /Reason New or changing pigmented lesion/ })).toBeVisible();
  await expect(answers.getByRole('row', { name: /Duration 1–12 months/ })).toBeVisible();
  await expect(answers.getByRole('row', { name: /Symptoms Pruritus, Increasing size/ })).toBeVisible();
  await expect(answers.getByRole('row', { name: /Current treatments None/ })).toBeVisible();
  await expect(answers.getByRole('row', { name: /Drug allergies Penicillin: a rash/ })).toBeVisible();
  await expect(answers.getByRole('row', { name: /Fitzpatrick phototype II/ })).toBeVisible();
  await expect(derm.getByTestId('questionnaire-status')).toContainText('Sent by the patient on');
  await expect(derm.getByTestId('referral-letter')).toContainText('Pigmented lesion of the left shoulder');
  const viewer = derm.getByTestId('photo-viewer');
  await expect(viewer).toBeVisible();
  await expect(viewer.getByTestId('photo-stage').first().locator('img')).toHaveJSProperty('complete', true);
  await expect(derm.getByRole('link', { name: 'Open the video room' })).toHaveAttribute('href', `/appointments/${appointmentId}/video`);
  await expect(derm.getByRole('link', { name: 'Visit notes and prescription' })).toHaveAttribute('href', `/appointments/${appointmentId}/visit`);
  await expectNoSeriousA11yViolations(derm);

  await dermContext.close();
  await gpContext.close();
  await phone.close();
});
