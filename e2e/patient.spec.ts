// The patient kept informed: a GP sends a request for a demo patient and a
// dermatologist answers it (both through the API with their signed-in
// sessions); the patient signs in with the emailed link, lands on /my-care and
// reads, in plain words, what happened and the specialist's summary; then
// opens "who looked at my record". An axe scan on each page.
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, signInAs, switchLanguage } from './helpers.ts';
import { latestMailTo, signInPatientByEmail } from './mail.ts';
import { apiAs, sendRequestFor } from './api.ts';

test.use({ actionTimeout: 15_000 });

const PATIENT_EMAIL = 'lea.lefevre@patient.test';

test('a patient signs in from the email and reads the specialist’s answer in plain words', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const gpContext = await browser.newContext({ baseURL, locale: 'en-GB' });
  const dermContext = await browser.newContext({ baseURL, locale: 'en-GB' });
  const gp = await gpContext.newPage();
  const derm = await dermContext.newPage();
  await signInAs(gp, 'gp@dermlink.test');
  await signInAs(derm, 'derm@dermlink.test');
  const dermApi = await apiAs(derm);

  // The GP: consent and a routine request for Léa Lefèvre, sent to the service.
  const { caseId } = await sendRequestFor(await apiAs(gp), 'Lefèvre');

  // The dermatologist claims and answers.
  await dermApi('POST', `/api/cases/${caseId}/claim`);
  await dermApi('POST', `/api/cases/${caseId}/answer`, {
    diagnosis: 'Seborrhoeic keratosis',
    icd10: { code: 'L82', label: 'Seborrhoeic keratosis' },
    differentials: [],
    managementPlan: 'Reassure.',
    treatmentSuggestions: '',
    outcome: 'advice_only',
    patientSummary: 'This spot is a harmless skin growth. It is common with age.',
    gpDiscussesFirst: false,
  });

  // The patient, on a phone: the news email says nothing clinical.
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
  const page = await phone.newPage();
  const news = await latestMailTo(PATIENT_EMAIL);
  expect(`${news.subject} ${news.text ?? ''}`).not.toMatch(/Lefèvre|keratosis|harmless/i);

  await page.goto('/patient/sign-in');
  await switchLanguage(page, 'EN');
  await signInPatientByEmail(page, PATIENT_EMAIL);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello Léa' })).toBeVisible();

  const card = page.getByRole('article').first();
  await expect(card.getByText(/Your doctor sent your photos to a skin specialist on \d{1,2} \w+\./)).toBeVisible();
  await expect(card.getByText('A skin specialist is looking at your photos.')).toBeVisible();
  await expect(card.getByText('The specialist has answered.')).toBeVisible();
  await expect(card.getByText('This spot is a harmless skin growth. It is common with age.')).toBeVisible();
  await expect(card.getByText('Your doctor will look after this. You do not need to see a specialist.')).toBeVisible();
  await expect(card).not.toContainText('keratosis');
  await expect(page.getByRole('heading', { name: 'What you agreed to' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Taking the agreement back asks first, in plain words.
  await page.getByRole('button', { name: 'Take back my agreement' }).first().click();
  await expect(page.getByRole('dialog', { name: 'Take back your agreement?' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'No, keep it' }).click();

  await page.getByRole('link', { name: 'Who has looked at my record' }).click();
  await expect(page).toHaveURL(/\/my-care\/access$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Who looked at your record' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await gpContext.close();
  await dermContext.close();
  await phone.close();
});
