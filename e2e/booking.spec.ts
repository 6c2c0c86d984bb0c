// Booking a video appointment: the GP refers a demo patient (through the API
// with their signed-in session); the patient, on a phone, opens the emailed
// booking link while signed out, signs in with the emailed link opened in a
// new tab, lands back on the booking page, chooses a free time and sees the
// appointment; the dermatologist, on a desktop, finds it in the agenda and
// sees their published availability, then takes leave on that day: the page
// warns that the visit is still booked, the dermatologist first keeps it, then
// cancels it from the reminder under the leave (one request for all the leave's
// visits), sees how many were cancelled, and the patient is emailed.
// The GP, on a phone, books for a patient: a time inside the service's notice
// is flagged before booking, and dermatologists' names wrap on the time buttons.
// An axe scan on each page and on the warnings.
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, signInAs, switchLanguage } from './helpers.ts';
import { latestMailTo, linkTo, signInPatientByEmail, mailLinkingTo } from './mail.ts';
import { apiAs } from './api.ts';

test.use({ actionTimeout: 15_000 });

const PATIENT_EMAIL = 'marie.dupont@patient.test';

test('a patient books from the referral link on a phone; the dermatologist sees it in the agenda', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const desk = await browser.newContext({ baseURL, locale: 'en-GB', viewport: { width: 1366, height: 900 } });
  const gpPage = await desk.newPage();
  await signInAs(gpPage, 'gp@dermlink.test');
  const gp = await apiAs(gpPage);
  const patientId = (await gp('GET', '/api/patients?q=Dupont')).items[0].id as string;
  const service = (await gp('GET', '/api/booking-options')).services[0] as { id: string; dermatologists: Array<{ id: string; name: string }> };
  const derm = service.dermatologists.find((d) => d.name === 'Dr Sophie Laurent')!;
  await gp('POST', '/api/booking-referrals', { patientId, serviceId: service.id, dermatologistId: derm.id, referralLetter: 'Eczema flare despite treatment.' });
  await desk.close();

  // The email: a link, nothing clinical.
  // Mail leaves after the answer: wait for this one, not an earlier email to the same patient.
  await expect.poll(async () => (await latestMailTo(PATIENT_EMAIL)).subject).toMatch(/video appointment|rendez-vous vidéo/i);
  const invitation = await latestMailTo(PATIENT_EMAIL);
  expect(`${invitation.subject} ${invitation.text ?? ''}`).not.toMatch(/Dupont|Eczema/i);
  const bookLink = linkTo(invitation, '/book/');

  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
  // Signed out: the booking link opens the patient sign-in, which says it will come back (the
  // link's token stays out of the address: the page to return to is kept in the browser).
  const signIn = await phone.newPage();
  await signIn.goto(bookLink);
  await expect(signIn).toHaveURL(/\/patient\/sign-in$/);
  await switchLanguage(signIn, 'EN');
  await expect(signIn.getByRole('heading', { level: 1, name: 'Sign in to see your care' })).toBeVisible();
  await expect(signIn.getByText('Sign in first. Then we take you straight back to the page you opened.')).toBeVisible();
  await expectNoSeriousA11yViolations(signIn);
  // The sign-in email's link, opened in a new tab of the same browser: straight to the booking page.
  const page = await phone.newPage();
  await signInPatientByEmail(signIn, PATIENT_EMAIL, { linkIn: page, landsOn: new RegExp(`${bookLink}$`) });
  await signIn.close();

  // The free times, by day.
  await expect(page.getByRole('heading', { level: 1, name: 'Book your video appointment' })).toBeVisible();
  await expect(page.getByText('With Dr Sophie Laurent')).toBeVisible();
  // A time on the third day offered: at least two days away, so more than the 24 h notice and it can still be moved.
  const thirdDay = page.getByRole('region', { name: /^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d{1,2} \w+$/ }).nth(2);
  const firstTime = thirdDay.getByRole('button').first();
  await expect(firstTime).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const time = (await firstTime.textContent())!.trim();
  await firstTime.click();
  await expect(firstTime).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText(/^You chose /)).toBeVisible();
  // More than the notice away: no "cannot be moved or cancelled" warning.
  await expect(page.getByTestId('within-notice')).toHaveCount(0);
  await page.getByRole('button', { name: 'Book this time' }).click();

  // The appointment, in plain words.
  await expect(page).toHaveURL(/\/my-care\/appointments\/[0-9a-f-]{36}$/);
  const appointmentId = page.url().split('/').at(-1)!;
  await expect(page.getByRole('heading', { level: 1, name: 'Your video appointment' })).toBeVisible();
  await expect(page.getByText('It is booked')).toBeVisible();
  await expect(page.getByText(new RegExp(`at ${time}$`))).toBeVisible();
  await expect(page.getByText('With Dr Sophie Laurent')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Choose another time' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const confirmation = await mailLinkingTo(PATIENT_EMAIL, `/my-care/appointments/${appointmentId}`);
  // In the patient's language (their account's).
  expect(confirmation.subject).toMatch(/^(Your video appointment is booked|Votre rendez-vous vidéo est réservé)$/);

  // The list and "my care" lead to it.
  await page.goto('/my-care/appointments');
  await expect(page.getByRole('heading', { level: 1, name: 'My video appointments' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open my appointment' }).first()).toHaveAttribute('href', `/my-care/appointments/${appointmentId}`);
  await expectNoSeriousA11yViolations(page);
  await phone.close();

  // The dermatologist, on a desktop: the agenda, then the availability.
  const dermContext = await browser.newContext({ baseURL, locale: 'en-GB', viewport: { width: 1366, height: 900 } });
  const dermPage = await dermContext.newPage();
  await signInAs(dermPage, 'derm@dermlink.test');
  await dermPage.getByRole('link', { name: 'Agenda' }).first().click();
  await expect(dermPage).toHaveURL(/\/agenda$/);
  await expect(dermPage.getByRole('heading', { level: 1, name: 'Agenda' })).toBeVisible();
  const row = dermPage.getByRole('row').filter({ hasText: 'Marie Dupont' });
  await expect(row).toContainText(time);
  await expect(row.getByRole('link', { name: 'Marie Dupont' })).toHaveAttribute('href', `/appointments/${appointmentId}`);
  await expectNoSeriousA11yViolations(dermPage);
  // The dermatologist may always move or cancel: the dialog offers both.
  await row.getByRole('button', { name: 'Change' }).click();
  const dialog = dermPage.getByRole('dialog', { name: 'Change the appointment' });
  await expect(dialog.getByRole('button', { name: 'Choose another time' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel this appointment' })).toBeVisible();
  await expectNoSeriousA11yViolations(dermPage);
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await dermPage.getByRole('link', { name: 'Availability and leave' }).click();
  await expect(dermPage.getByRole('heading', { level: 1, name: 'Availability' })).toBeVisible();
  await expect(dermPage.getByRole('cell', { name: 'Monday, Tuesday, Wednesday, Thursday, Friday' })).toBeVisible();
  await expect(dermPage.getByRole('heading', { name: 'Next free times' })).toBeVisible();
  await expectNoSeriousA11yViolations(dermPage);

  // Leave on the day of the visit: saved, with a warning that the visit is still booked.
  const dermApi = await apiAs(dermPage);
  const booked = (await dermApi('GET', `/api/appointments/${appointmentId}`)) as { startsAt: string; timeZone: string };
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: booked.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(booked.startsAt));
  const leaveForm = dermPage.getByRole('form', { name: 'Add leave or an exception' });
  await leaveForm.getByRole('textbox', { name: 'First day' }).fill(day);
  await leaveForm.getByRole('textbox', { name: 'Last day' }).fill(day);
  await leaveForm.getByRole('button', { name: 'Save' }).click();
  const warning = dermPage.getByRole('alert').filter({ hasText: /still booked on these days/ });
  await expect(warning).toContainText(/^Saved, but \d+ visits? (is|are) still booked on these days/);
  const visitLink = `a[href="/appointments/${appointmentId}"]`;
  await expect(warning.locator(visitLink)).toContainText(time);
  await expect(warning.getByRole('listitem').filter({ has: dermPage.locator(visitLink) })).toContainText('patient MD');
  await expectNoSeriousA11yViolations(dermPage);
  // "Keep it": the warning stays under the leave, for later.
  await warning.getByRole('button', { name: /^Keep (it|them)$/ }).click();
  await expect(warning).toHaveCount(0);
  const reminder = dermPage.getByRole('region', { name: /still booked on these days$/ });
  await expect(reminder.locator(visitLink)).toBeVisible();
  await expectNoSeriousA11yViolations(dermPage);
  // "Cancel": one request cancels every visit of the leave (all or none), each by the ordinary
  // cancellation, so the patient is emailed as for any other.
  const cancelCalls: string[] = [];
  dermPage.on('request', (request) => {
    if (request.method() === 'POST' && /\/cancel(-affected)?$/.test(new URL(request.url()).pathname)) cancelCalls.push(new URL(request.url()).pathname);
  });
  await reminder.getByRole('button', { name: /^Cancel th(is visit|ese \d+ visits)$/ }).click();
  await expect(dermPage.getByRole('status').filter({ hasText: /visits? cancelled\./ })).toHaveText(/^(1 visit cancelled\. The patient is|\d+ visits cancelled\. The patients are) told by email and can book another time\./);
  await expect(reminder).toHaveCount(0);
  expect(cancelCalls).toEqual([expect.stringMatching(/^\/api\/availability\/exceptions\/[0-9a-f-]{36}\/cancel-affected$/)]);
  await expectNoSeriousA11yViolations(dermPage);
  expect(((await dermApi('GET', `/api/appointments/${appointmentId}`)) as { status: string }).status).toBe('cancelled');
  await expect.poll(async () => (await latestMailTo(PATIENT_EMAIL)).subject).toMatch(/^(Your video appointment is cancelled|Votre rendez-vous vidéo est annulé)$/);
  // Leave removed: the other journeys book on these days.
  await dermPage.getByRole('listitem').filter({ hasText: day }).getByRole('button', { name: 'Remove this leave' }).click();
  await expect(dermPage.getByText('No leave planned.')).toBeVisible();
  await dermContext.close();
});

test('the GP books a video appointment for a patient from a phone', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' });
  const page = await phone.newPage();
  await signInAs(page, 'gp@dermlink.test');
  // The service's notice comes with the booking options (24 h for the demo service). So that the
  // soonest free time is inside it whatever the day and hour of the run, the page is given the
  // notice of a service set to just cover that time; a time two days later stays outside it.
  const gp = await apiAs(page);
  const service = (await gp('GET', '/api/booking-options')).services[0] as { id: string; noticeHours: number };
  expect(service.noticeHours).toBe(24);
  const soonestStart = Date.parse(((await gp('GET', `/api/slots?serviceId=${service.id}&days=21`)).slots[0] as { startsAt: string }).startsAt);
  const noticeHours = Math.max(1, Math.ceil((soonestStart - Date.now()) / 3_600_000) + 1);
  await page.route('**/api/booking-options', async (route) => {
    const response = await route.fetch();
    const options = (await response.json()) as { services: Array<{ noticeHours: number }> };
    await route.fulfill({ response, json: { services: options.services.map((s) => ({ ...s, noticeHours })) } });
  });
  await page.goto('/teleconsultations');
  await expect(page.getByRole('heading', { level: 1, name: 'Video appointments' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('link', { name: 'Book a video appointment' }).click();
  await expect(page).toHaveURL(/\/teleconsultations\/new$/);
  await page.getByRole('textbox', { name: 'Search a patient' }).fill('Moreau');
  await page.getByRole('button', { name: /MOREAU Jean/ }).click();
  await expect(page).toHaveURL(/\/teleconsultations\/new\?patientId=/);
  await page.getByRole('textbox', { name: 'Referral letter' }).fill('Psoriasis plaques on both elbows, not improving.');
  await page.getByText('Book now', { exact: true }).click();
  const days = page.getByRole('region', { name: /^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d{1,2} \w+$/ });
  const soonest = days.first().getByRole('button').first();
  await expect(soonest).toBeVisible();
  // Any dermatologist: each time names the dermatologist, whole (wrapped, never cut) on a 390 px phone.
  await expect(soonest).toContainText(/Dr \w+ \w+/);
  const cut = await days.first().getByRole('button').evaluateAll((buttons) =>
    buttons
      .filter((b) => [b, ...b.querySelectorAll('*')].some((el) => getComputedStyle(el).display !== 'inline' && (el.scrollWidth > el.clientWidth + 1 || getComputedStyle(el).textOverflow === 'ellipsis')))
      .map((b) => b.textContent),
  );
  expect(cut, 'slot buttons whose text is cut').toEqual([]);
  await expectNoSeriousA11yViolations(page);

  // The soonest time is inside the notice: the page says so before booking.
  await soonest.click();
  const warning = page.getByTestId('within-notice');
  await expect(warning).toHaveText(`Less than ${noticeHours} hour${noticeHours === 1 ? '' : 's'} away: once booked, only the dermatology service can move or cancel it.`);
  await expect(page.getByRole('button', { name: /^Book / })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  // A time two days later: no warning; booked.
  const slot = days.nth(2).getByRole('button').first();
  await slot.click();
  await expect(slot).toHaveAttribute('aria-pressed', 'true');
  await expect(warning).toHaveCount(0);
  await page.getByRole('button', { name: /^Book / }).click();
  await expect(page).toHaveURL(/\/appointments\/[0-9a-f-]{36}$/);

  await page.goto('/teleconsultations');
  await expect(page.getByRole('article', { name: 'Jean Moreau' }).first()).toBeVisible();
  await phone.close();
});
