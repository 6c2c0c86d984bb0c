// The patient kept informed: a GP sends a request for a demo patient and a
// dermatologist answers it (both through the API with their signed-in
// sessions); the patient signs in with the emailed link, lands on /my-care and
// reads, in plain words, what happened and the specialist's summary; then
// opens "who looked at my record". An axe scan on each page.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, signInAs, switchLanguage } from './helpers.ts';
import { latestMailTo, linkTo } from './mail.ts';

test.use({ actionTimeout: 15_000 });

const PATIENT_EMAIL = 'lea.lefevre@patient.test';

async function csrf(page: Page): Promise<string> {
  const res = await page.request.get('/api/auth/session');
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

async function call(request: APIRequestContext, token: string, method: 'GET' | 'POST', url: string, data?: unknown) {
  const res = await request.fetch(url, { method, data: data ?? (method === 'POST' ? {} : undefined), headers: { 'x-csrf-token': token } });
  expect(res.ok(), `${method} ${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.status() === 204 ? null : res.json();
}

test('a patient signs in from the email and reads the specialist’s answer in plain words', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const gpContext = await browser.newContext({ baseURL, locale: 'en-GB' });
  const dermContext = await browser.newContext({ baseURL, locale: 'en-GB' });
  const gp = await gpContext.newPage();
  const derm = await dermContext.newPage();
  await signInAs(gp, 'gp@dermlink.test');
  await signInAs(derm, 'derm@dermlink.test');
  const gpToken = await csrf(gp);
  const dermToken = await csrf(derm);

  // The GP: consent and a routine request for Léa Lefèvre, sent to the service.
  const found = await call(gp.request, gpToken, 'GET', '/api/patients?q=Lef%C3%A8vre');
  const patientId = (found.items as Array<{ id: string; givenName?: string }>)[0]!.id;
  await call(gp.request, gpToken, 'POST', `/api/patients/${patientId}/consents`, { method: 'oral_in_consultation', scope: ['photos', 'remote_expertise'] });
  const routing = await call(gp.request, gpToken, 'GET', '/api/cases/routing-options');
  const serviceId = routing.services[0].id as string;
  const request = {
    reason: 'suspicious_lesion',
    bodySite: { site: 'upper_back', laterality: 'midline', view: 'back' },
    duration: { value: 3, unit: 'months' },
    evolution: 'changing',
    symptoms: { itch: true, bleeding: false, pain: false },
    personalHistorySkinCancer: false,
    familyHistorySkinCancer: false,
    immunosuppressed: false,
    phototype: 'II',
    treatments: 'None',
    allergies: 'None',
    question: 'Is this benign?',
    urgency: 'routine',
    pigmented: false,
  };
  const created = await call(gp.request, gpToken, 'POST', '/api/cases', { patientId, request, routing: { kind: 'service', serviceId } });
  const caseId = created.id as string;
  await call(gp.request, gpToken, 'POST', `/api/cases/${caseId}/submit`, {});

  // The dermatologist claims and answers.
  await call(derm.request, dermToken, 'POST', `/api/cases/${caseId}/claim`);
  await call(derm.request, dermToken, 'POST', `/api/cases/${caseId}/answer`, {
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
  await page.getByLabel('Your email address').fill(PATIENT_EMAIL);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'We sent you a link' })).toBeVisible();
  await expect.poll(async () => (await latestMailTo(PATIENT_EMAIL)).subject).toContain('sign-in');
  await page.goto(linkTo(await latestMailTo(PATIENT_EMAIL), '/patient/sign-in/link'));
  await expect(page).toHaveURL(/\/my-care$/);
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
