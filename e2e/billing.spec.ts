// Fees and billing. The coordinator (desktop) opens the fee schedule from the
// navigation, is told clearly what is wrong (a share over 100%, a period that
// overlaps the act's current entry), saves a new version of TE2 from a future
// date, and adds a requester act with a patient share for today only (added,
// then ended today: the schedule is data). A GP's request answered by a
// dermatologist (set up through the API) bills TE2, RQD and that act: the
// dermatologist opens /billing and downloads the month's CSV; the patient sees
// what they owe on a phone (payment at the practice: no Stripe key here); the
// GP marks it paid on their phone statement; the patient sees it paid. An axe
// scan on each page.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { apiAs, sendRequestFor } from './api.ts';
import { expectNoSeriousA11yViolations, signInAs, switchLanguage } from './helpers.ts';
import { signInPatientByEmail } from './mail.ts';

test.use({ actionTimeout: 15_000 });

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** Today in the demo network's time zone (acts are dated there). */
const parisToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

test('a coordinator edits the fees; a dermatologist downloads the month’s CSV; a patient’s share is taken at the practice', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);

  // ---------- The coordinator, on a desktop: the fee schedule ----------
  const coordContext = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
  const coord = await coordContext.newPage();
  await signInAs(coord, 'coordinator@dermlink.test');
  await coord.getByRole('link', { name: 'Fee schedule' }).first().click();
  await expect(coord).toHaveURL(/\/network\/fees$/);
  await expect(coord.getByRole('heading', { level: 1, name: 'Fee schedule' })).toBeVisible();
  const table = coord.getByRole('table', { name: 'Entries' });
  await expect(table.getByRole('row', { name: /TCG/ })).toContainText('€25.00');
  await expect(table.getByRole('row', { name: /TCG/ })).toContainText('70%');
  await expect(table.getByRole('row', { name: /RQD/ })).toContainText('4 a year');
  await expectNoSeriousA11yViolations(coord);

  // A new period of TCG that overlaps the one in force: the server says which entry it clashes with.
  const form = coord.getByRole('region', { name: 'Add an act or a period' });
  const nextYear = isoDay(new Date(Date.now() + 400 * 86_400_000));
  await form.getByLabel('Act code').fill('TCG');
  await form.getByLabel('Billed by').selectOption('teleconsultant');
  await form.getByLabel('Valid from').fill(nextYear);
  await form.getByLabel('Label in French').fill('Téléconsultation');
  await form.getByLabel('Label in English').fill('Teleconsultation');
  await form.getByLabel('Amount (EUR)').fill('26.50');
  await form.getByLabel('Insurer share, coordinated pathway').fill('120');
  await form.getByLabel('Insurer share, outside the pathway').fill('30');
  await form.getByRole('button', { name: 'Add to the schedule' }).click();
  await expect(form.getByText('Enter a share between 0 and 100%.')).toBeVisible();
  await form.getByLabel('Insurer share, coordinated pathway').fill('70');
  await form.getByRole('button', { name: 'Add to the schedule' }).click();
  await expect(form.getByText(/Another entry for this act is valid from 1 Apr 2022, until further notice./)).toBeVisible();
  await expectNoSeriousA11yViolations(coord);

  // The right way: a new version of TE2 from a future date; the entry in force ends the day before.
  const te2Row = table.getByRole('row', { name: /TE2/ }).filter({ hasText: 'in force' });
  await te2Row.getByRole('button', { name: /New version of TE2/ }).click();
  const dialog = coord.getByRole('dialog', { name: 'New version of TE2' });
  await dialog.getByLabel('New version applies from').fill(nextYear);
  await dialog.getByLabel('Amount (EUR)').fill('24');
  await expectNoSeriousA11yViolations(coord);
  await dialog.getByRole('button', { name: 'Save the new version' }).click();
  await expect(dialog).toBeHidden();
  await expect(coord.getByRole('status').filter({ hasText: /The new version of TE2 applies from/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /TE2/ }).filter({ hasText: 'upcoming' })).toContainText('€24.00');
  await expect(table.getByRole('row', { name: /TE2/ }).filter({ hasText: 'in force' })).toContainText('€23.00');

  // A new act billed by the requester with a patient share, from today; then ended today.
  const today = parisToday();
  await form.getByLabel('Act code').fill('RQX');
  await form.getByLabel('Billed by').selectOption('requester');
  await form.getByLabel('Valid from').fill(today);
  await form.getByLabel('Label in French').fill('Acte de démonstration');
  await form.getByLabel('Label in English').fill('Demonstration act');
  await form.getByLabel('Amount (EUR)').fill('5');
  await form.getByLabel('Insurer share, coordinated pathway').fill('40');
  await form.getByLabel('Insurer share, outside the pathway').fill('40');
  await form.getByRole('button', { name: 'Add to the schedule' }).click();
  await expect(coord.getByRole('status').filter({ hasText: 'RQX was added to the schedule.' })).toBeVisible();
  await table.getByRole('button', { name: /End RQX/ }).click();
  const endDialog = coord.getByRole('dialog', { name: 'End RQX' });
  await endDialog.getByLabel('Last day of validity').fill(today);
  await expectNoSeriousA11yViolations(coord);
  await endDialog.getByRole('button', { name: 'End this act' }).click();
  await expect(coord.getByRole('status').filter({ hasText: /RQX ends on/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /RQX/ })).not.toContainText('until further notice');

  // ---------- A request answered today: TE2 for the expert, RQD for the GP ----------
  const gpContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
  const gp = await gpContext.newPage();
  await signInAs(gp, 'gp@dermlink.test');
  const dermContext = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'en-GB', acceptDownloads: true });
  const derm = await dermContext.newPage();
  await signInAs(derm, 'derm@dermlink.test');
  const dermApi = await apiAs(derm);
  const { caseId } = await sendRequestFor(await apiAs(gp), 'Moreau');
  await dermApi('POST', `/api/cases/${caseId}/claim`);
  await dermApi('POST', `/api/cases/${caseId}/answer`, {
    diagnosis: 'Seborrhoeic keratosis',
    icd10: { code: 'L82', label: 'Seborrhoeic keratosis' },
    differentials: [],
    managementPlan: 'Reassure.',
    treatmentSuggestions: '',
    outcome: 'advice_only',
    patientSummary: 'This spot is harmless.',
    gpDiscussesFirst: false,
  });

  // ---------- The dermatologist, on a desktop: this month's statement and its CSV ----------
  await derm.getByRole('link', { name: 'My billing' }).first().click();
  await expect(derm).toHaveURL(/\/billing$/);
  await expect(derm.getByRole('heading', { level: 1, name: 'Billing statement' })).toBeVisible();
  const lines = derm.getByRole('table', { name: 'Billed acts' });
  const te2Line = lines.getByRole('row').filter({ hasText: 'MOREAU Jean' }).filter({ hasText: 'TE2' });
  await expect(te2Line).toContainText('€23.00');
  await expect(te2Line).toContainText('Nothing to pay');
  await expect(derm.getByText('Paid by the insurer')).toBeVisible();
  await expectNoSeriousA11yViolations(derm);

  const downloading = derm.waitForEvent('download');
  await derm.getByRole('link', { name: 'Download CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^dermlink-statement-\d{4}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, 'utf8');
  const rows = csv.trim().split('\r\n');
  expect(rows[0]).toMatch(/^act_date,act_code,label,source,patient,/);
  expect(rows.some((r) => /,TE2,Tele-expertise \(expert\),case,MOREAU Jean,.*,EUR,23\.00,100,23\.00,0\.00,/.test(r))).toBe(true);
  expect(rows.at(-1)).toMatch(/^total,/);
  // The month is in the path; no patient name in any URL.
  expect(download.url()).not.toMatch(/moreau/i);

  // ---------- The patient's payments, on a phone ----------
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
  const patient = await phone.newPage();
  await patient.goto('/patient/sign-in');
  await switchLanguage(patient, 'EN');
  await signInPatientByEmail(patient, 'jean.moreau@patient.test');
  // From the patient's menu on the phone.
  await patient.getByRole('button', { name: 'Open or close the menu' }).click();
  await patient.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Payments' }).click();
  await expect(patient).toHaveURL(/\/my-care\/payments$/);
  await expect(patient.getByRole('heading', { level: 1, name: 'Your payments' })).toBeVisible();
  // TE2 and RQD are paid in full by the insurer; the demonstration act leaves EUR 3 to the patient.
  const owed = patient.getByRole('article');
  await expect(owed).toHaveCount(1);
  await expect(owed).toContainText('This advice costs €5.00.');
  await expect(owed).toContainText('Your health insurance pays €2.00.');
  await expect(owed).toContainText('You pay €3.00.');
  await expect(owed).toContainText('You can pay this at the practice.');
  await expectNoSeriousA11yViolations(patient);

  // ---------- The GP, on a phone: their statement, and the share taken at the practice ----------
  await gp.goto('/billing');
  await expect(gp.getByRole('heading', { level: 1, name: 'Billing statement' })).toBeVisible();
  const rqd = gp.getByRole('listitem').filter({ hasText: 'MOREAU Jean' }).filter({ hasText: 'RQD' });
  await expect(rqd).toContainText('€10.00');
  await expect(rqd).toContainText('Insurer €10.00 (100%), patient €0.00');
  const rqx = gp.getByRole('listitem').filter({ hasText: 'MOREAU Jean' }).filter({ hasText: 'RQX' });
  await expect(rqx).toContainText('Insurer €2.00 (40%), patient €3.00');
  await expect(rqx).toContainText('Payment taken at the practice');
  await expectNoSeriousA11yViolations(gp);
  await rqx.getByRole('button', { name: /Mark as paid/ }).click();
  await expect(rqx).toContainText('Paid at the practice');

  await patient.reload();
  await expect(patient.getByRole('article')).toContainText(/You paid €3\.00 on \d{1,2} \w+ \d{4}\./);

  await Promise.all([coordContext.close(), gpContext.close(), dermContext.close(), phone.close()]);
});
