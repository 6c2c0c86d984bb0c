// The electronic prescription end to end: the dermatologist (desktop) writes a
// prescription for the demo teleconsultation (seeded with a fixed id), meets a
// validation error, then signs; the pharmacist pastes the address from the QR
// code on /pharmacy, sees "authentic" with the items and the patient's
// initials, and marks it dispensed (once); anyone without an account sees the
// public view; an altered code is refused. An axe scan on every page.
import { expect, test } from '@playwright/test';
import { DEMO_PRESCRIPTION_APPOINTMENT_ID } from '../server/src/prescriptions/demo-appointment.ts';
import { expectNoSeriousA11yViolations, signInAs, switchLanguage } from './helpers.ts';
import { signInPatientByEmail } from './mail.ts';

const PATIENT_EMAIL = 'lea.lefevre@patient.test';

test.use({ actionTimeout: 15_000 });

test('a dermatologist prescribes, a pharmacist verifies and dispenses once, an altered code is refused', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);

  // ---------- The dermatologist, on a desktop ----------
  const dermContext = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
  const derm = await dermContext.newPage();
  await signInAs(derm, 'derm@dermlink.test');
  await derm.goto(`/appointments/${DEMO_PRESCRIPTION_APPOINTMENT_ID}/prescription`);
  await expect(derm.getByRole('heading', { level: 1, name: 'Prescription' })).toBeVisible();
  await expect(derm.getByText('No prescription has been signed for this appointment yet.')).toBeVisible();
  await expectNoSeriousA11yViolations(derm);

  // Nothing chosen yet: the form says what is missing, field by field.
  await derm.getByRole('button', { name: 'Review and sign' }).click();
  await expect(derm.getByText('Choose a product from the list.')).toBeVisible();
  await expect(derm.getByText('Write the dosage (at least a few words).')).toBeVisible();
  await expectNoSeriousA11yViolations(derm);

  const item = derm.getByRole('group', { name: 'Item 1' });
  await item.getByLabel('Medicine or product').fill('clobetasol');
  await derm.getByRole('option', { name: 'Clobetasol propionate 0.05%, ointment' }).click();
  await expect(item.getByText('Very potent corticosteroid')).toBeVisible();
  await item.getByLabel('Dosage').fill('Apply a thin layer on the plaques once a day, then stop.');
  await item.getByLabel('Duration (days)').fill('14');
  await item.getByLabel('Quantity').fill('1');

  await derm.getByRole('button', { name: 'Add an item' }).click();
  const second = derm.getByRole('group', { name: 'Item 2' });
  await second.getByLabel('Medicine or product').fill('urea 10');
  await derm.getByRole('option', { name: 'Urea 10%, cream' }).click();
  await second.getByLabel('Dosage').fill('Twice a day on the whole body.');
  await second.getByLabel('Duration (days)').fill('90');
  await second.getByLabel('Renewals').fill('2');

  await derm.getByRole('button', { name: 'Review and sign' }).click();
  const dialog = derm.getByRole('dialog', { name: 'Sign this prescription?' });
  await expect(dialog).toBeVisible();
  await expectNoSeriousA11yViolations(derm);
  await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
  await expect(derm.getByText('Prescription signed', { exact: true })).toBeVisible();
  const signed = derm.getByRole('list', { name: 'Signed prescriptions' });
  await expect(signed.getByText('Clobetasol propionate 0.05%, ointment')).toBeVisible();
  await expect(signed.getByText('Not dispensed yet')).toBeVisible();
  await expectNoSeriousA11yViolations(derm);

  // The PDF downloads; the verification address is the one the QR code carries.
  const pdfHref = await signed.getByRole('link', { name: 'Download the prescription (PDF)' }).getAttribute('href');
  const pdf = await derm.request.get(pdfHref!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  const verifyPath = (await signed.getByRole('link', { name: 'Open its verification page' }).getAttribute('href'))!;
  expect(verifyPath).toMatch(/^\/verify\/[A-Za-z0-9_-]{108}$/);
  const code = verifyPath.split('/').at(-1)!;

  // ---------- The pharmacist ----------
  const pharmacyContext = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const pharmacist = await pharmacyContext.newPage();
  await signInAs(pharmacist, 'pharmacist@dermlink.test');
  await expect(pharmacist).toHaveURL(/\/pharmacy$/);
  await expect(pharmacist.getByRole('heading', { level: 1, name: 'Check a prescription' })).toBeVisible();
  await expectNoSeriousA11yViolations(pharmacist);
  await pharmacist.getByLabel('Prescription code or address').fill(`${baseURL}${verifyPath}`);
  await pharmacist.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(pharmacist).toHaveURL(new RegExp(`/verify/${code}$`));
  await expect(pharmacist.getByTestId('verification-authentic')).toContainText('Authentic prescription');
  await expect(pharmacist.getByText('Dr Sophie Laurent')).toBeVisible();
  await expect(pharmacist.getByText('RPPS 10009876540')).toBeVisible();
  await expect(pharmacist.getByText('Check the person’s identity: initials L. L., born in 1994.')).toBeVisible();
  await expect(pharmacist.getByText('Clobetasol propionate 0.05%, ointment (on the skin)')).toBeVisible();
  await expectNoSeriousA11yViolations(pharmacist);

  await pharmacist.getByRole('button', { name: 'Mark as dispensed' }).click();
  const confirm = pharmacist.getByRole('dialog', { name: 'Mark this prescription as dispensed?' });
  await expectNoSeriousA11yViolations(pharmacist);
  await confirm.getByRole('button', { name: 'Mark as dispensed' }).click();
  await expect(pharmacist.getByText('Recorded: this prescription is now marked as dispensed.')).toBeVisible();
  await expect(pharmacist.getByText(/^Yes, on .+ by Pharmacie du Marché, Figeac$/)).toBeVisible();
  await expect(pharmacist.getByRole('button', { name: 'Mark as dispensed' })).toHaveCount(0);

  // A second attempt (another counter, the same code) is refused by the server with a clear message.
  const again = await pharmacist.request.post(`/api/prescriptions/verify/${code}/dispense`, {
    headers: { 'x-csrf-token': ((await (await pharmacist.request.get('/api/auth/session')).json()) as { csrfToken: string }).csrfToken },
  });
  expect(again.status()).toBe(409);
  expect((await again.json()).code).toBe('already_dispensed');

  // ---------- Anyone, not signed in ----------
  const publicContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
  const visitor = await publicContext.newPage();
  await visitor.goto(verifyPath);
  await switchLanguage(visitor, 'EN');
  await expect(visitor.getByTestId('verification-authentic')).toBeVisible();
  await expect(visitor.getByText(/^Yes, on /)).toBeVisible();
  await expect(visitor.getByText('For the pharmacist')).toHaveCount(0);
  await expect(visitor.getByText(/Lefèvre|Léa|1994|Clobetasol/)).toHaveCount(0);
  await expectNoSeriousA11yViolations(visitor);

  // An altered code (one character of the signature changed) is refused, as is a malformed one.
  const i = code.length - 10;
  const altered = code.slice(0, i) + (code[i] === 'A' ? 'B' : 'A') + code.slice(i + 1);
  await visitor.goto(`/verify/${altered}`);
  await expect(visitor.getByTestId('verification-refused')).toContainText('The signature does not match.');
  await expect(visitor.getByTestId('verification-authentic')).toHaveCount(0);
  await expectNoSeriousA11yViolations(visitor);
  await visitor.goto('/verify/not-a-code');
  await expect(visitor.getByTestId('verification-refused')).toContainText('This is not a prescription code.');

  // ---------- The patient, on a phone: the prescription in plain words, collected, and its PDF ----------
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
  const patient = await phone.newPage();
  await patient.goto('/patient/sign-in');
  await switchLanguage(patient, 'EN');
  await signInPatientByEmail(patient, PATIENT_EMAIL);
  await patient.goto('/my-care/prescriptions');
  await expect(patient.getByRole('heading', { level: 1, name: 'My prescriptions' })).toBeVisible();
  const card = patient.getByRole('article', { name: /^From Dr Sophie Laurent, / });
  await expect(card.getByText('Collected from a pharmacy on', { exact: false })).toBeVisible();
  await expect(card.getByText('Clobetasol propionate 0.05%', { exact: true })).toBeVisible();
  await expect(card.getByText('How to use it: Apply a thin layer on the plaques once a day, then stop.')).toBeVisible();
  await expect(card.getByText('Use it for 14 days.')).toBeVisible();
  await expect(card.getByText('You can get it 2 more times with this prescription.')).toBeVisible();
  await expectNoSeriousA11yViolations(patient);
  const patientPdf = await patient.request.get((await card.getByRole('link', { name: 'Download the prescription (PDF)' }).getAttribute('href'))!);
  expect(patientPdf.status()).toBe(200);
  expect(patientPdf.headers()['content-type']).toBe('application/pdf');

  await Promise.all([dermContext.close(), pharmacyContext.close(), publicContext.close(), phone.close()]);
});
