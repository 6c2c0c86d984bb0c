// Identity journeys: a coordinator signs in (password + authenticator code) and
// invites a dermatologist, who accepts from the email, enrols a second factor,
// keeps the recovery codes, signs out and signs in again, then moves to a new
// phone (password confirmed first). Wrong codes say so.
// A passkey added in the profile (after confirming the password) signs in
// through a CDP virtual authenticator. A page opened while signed out (a case
// link from a notification email, the patient's own pages) leads to sign-in
// and, once signed in (password + code, passkey, the patient's emailed code),
// back to that page.
import { expect, test, type Page } from '@playwright/test';
import { generate } from 'otplib';
import { DEMO_PASSWORD } from '../server/src/seed/demo-data.ts';
import { DEMO_TOTP_SECRETS } from '../server/src/auth/demo-totp.ts';
import { freshTotpCode } from './totp.ts';
import { apiAs, sendRequestFor } from './api.ts';
import { expectNoSeriousA11yViolations, signInAs } from './helpers.ts';
import { latestMailTo, linkTo } from './mail.ts';

test.use({ locale: 'en-GB' });

const COORDINATOR = 'coordinator@dermlink.test';
const NEW_PASSWORD = 'lichen planus under dermoscopy 42';

const totp = freshTotpCode;

/** `open: false`: on the sign-in page already (a protected page led there). */
async function passwordStep(page: Page, email: string, password: string, { open = true } = {}) {
  if (open) await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Confirm it is you' })).toBeVisible();
}

async function codeStep(page: Page, code: string) {
  const field = page.getByLabel('Code from your authenticator app');
  await expect(field).toHaveAttribute('inputmode', 'numeric');
  await expect(field).toHaveAttribute('autocomplete', 'one-time-code');
  await field.fill(code);
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
}

async function sessionRole(page: Page) {
  const res = await page.request.get('/api/auth/session');
  return res.ok() ? ((await res.json()) as { role: string; secondFactorPending: boolean }) : null;
}

test('a coordinator invites a dermatologist who joins, enrols a second factor and signs in again', async ({ page }) => {
  test.setTimeout(120_000); // a long journey, and codes may wait for the next 30-second step
  // --- The coordinator signs in: password, a wrong code (specific error), the right code.
  await page.goto('/sign-in');
  await expectNoSeriousA11yViolations(page);
  await passwordStep(page, COORDINATOR, DEMO_PASSWORD);
  await expectNoSeriousA11yViolations(page);
  const coordinatorSecret = DEMO_TOTP_SECRETS[COORDINATOR]!;
  await codeStep(page, '000000' === (await generate({ secret: coordinatorSecret })) ? '111111' : '000000');
  await expect(page.getByRole('alert')).toContainText('This code is not right');
  await expectNoSeriousA11yViolations(page);
  await codeStep(page, await totp(coordinatorSecret));
  await expect(page).toHaveURL(/\/network/);
  expect((await sessionRole(page))?.role).toBe('coordinator');

  // --- Invites a dermatologist into the dermatology service.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Invitations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Invitations' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const invitee = `new-derm-${Date.now()}@dermlink.test`;
  await page.getByLabel('Email address').fill(invitee);
  await page.getByRole('combobox', { name: 'Organisation' }).click();
  await page.getByRole('option', { name: /Dermatologie/ }).click();
  await expect(page.getByRole('combobox', { name: 'Role' })).toHaveValue('Dermatologist');
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Invitation sent to ${invitee}` })).toBeVisible();
  await expect(page.getByRole('cell', { name: invitee, exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // --- An invitation sent to the wrong address is revoked (after a confirmation).
  const wrongAddress = `wrong-${Date.now()}@dermlink.test`;
  await page.getByLabel('Email address').fill(wrongAddress);
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(page.getByRole('cell', { name: wrongAddress, exact: true })).toBeVisible();
  await page.getByRole('button', { name: `Revoke invitation to ${wrongAddress}` }).click();
  const confirm = page.getByRole('dialog', { name: `Revoke the invitation to ${wrongAddress}?` });
  await expect(confirm).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await confirm.getByRole('button', { name: 'Revoke' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `Invitation to ${wrongAddress} revoked` })).toBeVisible();
  await expect(page.getByRole('cell', { name: wrongAddress, exact: true })).toBeHidden();

  // --- The dermatologist's invitation is sent again: a new link, the first one stops working.
  const firstLink = linkTo(await latestMailTo(invitee), '/invitation');
  await page.getByRole('button', { name: `Resend invitation to ${invitee}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Invitation sent again to ${invitee}` })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await expect.poll(async () => linkTo(await latestMailTo(invitee), '/invitation'), { message: 'a second invitation email' }).not.toBe(firstLink);

  // --- Signs out (account menu).
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in as a health professional' })).toBeVisible();
  expect(await sessionRole(page)).toBeNull();

  // --- The invitee opens the first link (dead), then the new one from the latest email, and accepts.
  await page.goto(firstLink);
  await expect(page.getByText('This link is not valid. Ask for a new one.')).toBeVisible();
  await page.goto('about:blank'); // a fresh page load, as from the email (not a change of #token in place)
  const mail = await latestMailTo(invitee);
  await page.goto(linkTo(mail, '/invitation'));
  await expect(page.getByRole('heading', { level: 1, name: 'Join DermLink' })).toBeVisible();
  await expect(page.getByText(/as Dermatologist/)).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel('Your name as colleagues know it').fill('Dr Camille Petit');
  await page.getByLabel('RPPS number').fill('10003456785'); // wrong check digit
  await page.getByLabel('New password').fill('short');
  await expect(page.getByText('At least 12 characters')).toBeVisible();
  await expect(page.getByText('(not yet)').first()).toBeAttached();
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByLabel('Type the password again').fill(NEW_PASSWORD);
  await expect(page.locator('#password-rules')).not.toContainText('(not yet)');
  await page.getByRole('button', { name: 'Accept and continue' }).click();
  await expect(page.getByText('This RPPS number is not valid')).toBeVisible();
  await page.getByLabel('RPPS number').fill('10003456786');
  await page.getByRole('button', { name: 'Accept and continue' }).click();

  // --- Straight to enrolment: scan (here: read) the secret, confirm with a code.
  await expect(page).toHaveURL(/\/enrol$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Set up your second factor' })).toBeVisible();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await page.getByLabel('Code shown by the app').fill(await totp(secret));
  await page.getByRole('button', { name: 'Confirm and continue' }).click();

  // --- Recovery codes, shown once.
  await expect(page.getByRole('heading', { level: 1, name: 'Your recovery codes' })).toBeVisible();
  await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  await expectNoSeriousA11yViolations(page);
  const continueButton = page.getByRole('button', { name: 'Continue to DermLink' });
  await expect(continueButton).toBeDisabled();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download as text' }).click();
  expect((await download).suggestedFilename()).toBe('dermlink-recovery-codes.txt');
  await page.getByLabel('I have saved them').check();
  await continueButton.click();
  await expect(page).toHaveURL(/\/queue/);
  expect((await sessionRole(page))?.role).toBe('dermatologist');

  // --- Signs out, then in again with a code (the next step: the enrolment code is spent).
  await page.goto('/sign-out');
  await expect(page.getByRole('link', { name: 'Sign in as a health professional' })).toBeVisible();
  await passwordStep(page, invitee, NEW_PASSWORD);
  await codeStep(page, await totp(secret));
  await expect(page).toHaveURL(/\/queue/);
  expect((await sessionRole(page))?.role).toBe('dermatologist');

  // --- The profile lists this session.
  await page.goto('/profile');
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
  await expect(page.getByText('This device', { exact: true })).toBeVisible();
  await expect(page.getByText('10 unused recovery codes.')).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // --- A new phone: replacing the authenticator asks for the password first ("Confirm it is you").
  await page.getByRole('link', { name: 'Use a new phone or app' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Set up your second factor' })).toBeVisible();
  const confirmDialog = page.getByRole('dialog', { name: 'Confirm it is you' });
  await expect(confirmDialog).toBeVisible();
  await expect(confirmDialog.getByRole('textbox', { name: 'Password', exact: true })).toBeFocused();
  await page.keyboard.press('Escape'); // cancelled: nothing changes, the page says why
  await expect(confirmDialog).toBeHidden();
  await expect(page.getByRole('alert')).toContainText('confirm your password first');
  await expect(page.getByRole('img', { name: /QR code/ })).toBeHidden();
  await page.getByRole('button', { name: 'Confirm my password' }).click();
  await expect(confirmDialog).toBeVisible();
  await confirmDialog.getByRole('textbox', { name: 'Password', exact: true }).fill(NEW_PASSWORD);
  await confirmDialog.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(confirmDialog).toBeHidden();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const newSecret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  expect(newSecret).not.toBe(secret);
  await page.getByLabel('Code shown by the app').fill(await totp(newSecret));
  await page.getByRole('button', { name: 'Confirm and continue' }).click();
  // New recovery codes replace the old ones.
  await expect(page.getByRole('heading', { level: 1, name: 'Your recovery codes' })).toBeVisible();
  const recoveryCode = (await page.getByTestId('recovery-codes').locator('li').first().innerText()).trim();
  await page.getByLabel('I have saved them').check();
  await page.getByRole('button', { name: 'Continue to DermLink' }).click();
  await expect(page).toHaveURL(/\/queue/);

  await page.goto('/profile');
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('status')).toContainText('You are signed out on every device');
  expect(await sessionRole(page)).toBeNull();

  // Phone lost: a recovery code instead of the authenticator code, once.
  await passwordStep(page, invitee, NEW_PASSWORD);
  await page.locator('label').filter({ hasText: /^Recovery code$/ }).click();
  await page.getByRole('textbox', { name: 'Recovery code' }).fill(recoveryCode);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(page).toHaveURL(/\/queue/);
  expect((await sessionRole(page))?.role).toBe('dermatologist');
});

test('a wrong email or password, and a locked account, say what happened', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill('gp2@dermlink.test');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong email address or password');
  await expectNoSeriousA11yViolations(page);

  // Five failures lock the account (an unknown address behaves the same): say for how long and what to do.
  await page.getByLabel('Email address').fill('locked-out@dermlink.test');
  for (let i = 0; i < 5; i++) {
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
  }
  await expect(page.getByRole('alert')).toContainText('this account is locked for 15 minutes');
  await expect(page.getByRole('link', { name: 'Reset my password' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('the forgotten-password and patient pages answer neutrally', async ({ page }) => {
  await page.goto('/password-reset');
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel('Email address').fill('nobody@dermlink.test');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.goto('/patient/sign-in');
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel('Your email address').fill('nobody@patient.test');
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'We sent you a link' })).toBeVisible();
  const code = page.getByLabel('6-digit code from the email');
  await expect(code).toHaveAttribute('inputmode', 'numeric');
  await expectNoSeriousA11yViolations(page);
});

test('a passkey added in the profile signs in without password or code (virtual authenticator)', async ({ page }) => {
  // WebAuthn needs a domain: use localhost rather than 127.0.0.1.
  const origin = `http://localhost:${process.env.E2E_PORT}`;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });

  await page.goto(`${origin}/sign-in`);
  await page.getByLabel('Email address').fill(COORDINATOR);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Continue' }).click();
  await codeStep(page, await totp(DEMO_TOTP_SECRETS[COORDINATOR]!));
  await expect(page).toHaveURL(/\/network/);

  await page.goto(`${origin}/profile`);
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
  await page.getByLabel('Name of the new passkey').fill('Test laptop');
  await page.getByRole('button', { name: 'Add a passkey' }).click();

  // Changing a second factor asks for the password again ("Confirm it is you"): a wrong one says so.
  const confirmDialog = page.getByRole('dialog', { name: 'Confirm it is you' });
  await expect(confirmDialog).toBeVisible();
  const password = confirmDialog.getByRole('textbox', { name: 'Password', exact: true });
  await expect(password).toBeFocused();
  await expectNoSeriousA11yViolations(page);
  await password.fill('not-my-password-at-all');
  await password.press('Enter');
  await expect(confirmDialog.getByRole('alert')).toContainText('This password is not right');
  await expect(password).toBeFocused();
  await expectNoSeriousA11yViolations(page);
  await password.fill(DEMO_PASSWORD);
  await confirmDialog.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(confirmDialog).toBeHidden();
  await expect(page.getByText('Test laptop')).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Within the next minutes, new recovery codes do not ask again.
  await page.getByRole('button', { name: 'Make new recovery codes' }).click();
  const codes = page.getByRole('dialog', { name: 'Your recovery codes' });
  await expect(codes.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  await codes.getByLabel('I have saved them').check();
  await codes.getByRole('button', { name: 'Done' }).click();
  await expect(codes).toBeHidden();

  await page.goto(`${origin}/sign-out`);
  await expect(page.getByRole('link', { name: 'Sign in as a health professional' })).toBeVisible();
  // A page of the app opened while signed out: the passkey alone signs in, and back to that page.
  await page.goto(`${origin}/network/people`);
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page).toHaveURL(/\/network\/people$/);
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  const session = await page.request.get(`${origin}/api/auth/session`);
  expect(((await session.json()) as { role: string }).role).toBe('coordinator');
});

test('a patient signs in from the emailed link, or with the code from the email on another device and back to the page opened', async ({ page, browser }) => {
  // The link, on the device that reads the email.
  await page.goto('/patient/sign-in');
  await page.getByLabel('Your email address').fill('marie.dupont@patient.test');
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'We sent you a link' })).toBeVisible();
  const linkMail = await latestMailTo('marie.dupont@patient.test');
  await page.goto(linkTo(linkMail, '/patient/sign-in/link'));
  await expect(page).toHaveURL(/\/my-care$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello Marie' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  // The link works once.
  await page.goto('/sign-out');
  await expect(page.getByRole('link', { name: 'I am a patient' })).toBeVisible();
  await page.goto(linkTo(linkMail, '/patient/sign-in/link'));
  await expect(page.getByRole('alert')).toContainText('already been used');
  await expectNoSeriousA11yViolations(page);

  // The code, typed on another device (a fresh browser context), where the patient had opened their
  // appointments while signed out: the sign-in page says it will go back there, and does.
  const other = await browser.newContext({ locale: 'en-GB' });
  const phone = await other.newPage();
  await phone.goto('/my-care/appointments');
  await expect(phone).toHaveURL(/\/patient\/sign-in$/);
  await expect(phone.getByText('Sign in first. Then we take you straight back to the page you opened.')).toBeVisible();
  await phone.getByLabel('Your email address').fill('jean.moreau@patient.test');
  await phone.getByRole('button', { name: 'Send me a link' }).click();
  const codeMail = await latestMailTo('jean.moreau@patient.test');
  const code = /:\s*(\d{6})\b/.exec(codeMail.text ?? '')?.[1];
  expect(code).toBeDefined();
  await phone.getByLabel('6-digit code from the email').fill(code === '000000' ? '111111' : '000000');
  await phone.getByRole('button', { name: 'Sign in' }).click();
  await expect(phone.getByRole('alert')).toContainText('This code is not right');
  await phone.getByLabel('6-digit code from the email').fill(code!);
  await phone.getByRole('button', { name: 'Sign in' }).click();
  await expect(phone).toHaveURL(/\/my-care\/appointments$/);
  await expect(phone.getByRole('heading', { level: 1, name: 'My video appointments' })).toBeVisible();
  await expectNoSeriousA11yViolations(phone);
  await other.close();
});

test('one minute before the idle expiry a warning offers to stay signed in; at expiry, back to sign-in', async ({ page }) => {
  await page.clock.install();
  await passwordStep(page, 'gp2@dermlink.test', DEMO_PASSWORD);
  await codeStep(page, await totp(DEMO_TOTP_SECRETS['gp2@dermlink.test']!));
  await expect(page).toHaveURL(/\/cases/);
  // A page without polling of its own (the case list refreshes its counts, which counts as activity).
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'My profile and sessions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();

  await page.clock.fastForward('29:05');
  const dialog = page.getByRole('dialog', { name: 'Are you still there?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/You will be signed out in \d+ s/);
  await expectNoSeriousA11yViolations(page);
  await dialog.getByRole('button', { name: 'Stay signed in' }).click();
  await expect(dialog).toBeHidden();

  await page.clock.fastForward('29:05');
  await expect(dialog).toBeVisible();
  await page.clock.fastForward('01:00');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('status')).toContainText('signed out after a period of inactivity');
  expect(await sessionRole(page)).toBeNull();
  // Signing in again leads back to the page the session ended on.
  await passwordStep(page, 'gp2@dermlink.test', DEMO_PASSWORD, { open: false });
  await codeStep(page, await totp(DEMO_TOTP_SECRETS['gp2@dermlink.test']!));
  await expect(page).toHaveURL(/\/profile$/);
});

test('a clinician who already has an account accepts a second invitation, then chooses where to work', async ({ page }) => {
  await passwordStep(page, COORDINATOR, DEMO_PASSWORD);
  await codeStep(page, await totp(DEMO_TOTP_SECRETS[COORDINATOR]!));
  await expect(page).toHaveURL(/\/network/);
  await page.goto('/network/invitations');
  await page.getByLabel('Email address').fill('derm2@dermlink.test');
  await page.getByRole('combobox', { name: 'Organisation' }).click();
  await page.getByRole('option', { name: /Maison de santé/ }).click();
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invitation sent to derm2@dermlink.test' })).toBeVisible();
  await page.goto('/sign-out');
  await expect(page.getByRole('link', { name: 'Sign in as a health professional' })).toBeVisible();

  const mail = await latestMailTo('derm2@dermlink.test');
  await page.goto(linkTo(mail, '/invitation'));
  await expect(page.getByText('You already have a DermLink account')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Accept and continue' }).click();
  // The usual second factor, then the choice between the two memberships.
  await expect(page.getByRole('heading', { level: 1, name: 'Confirm it is you' })).toBeVisible();
  await codeStep(page, await totp(DEMO_TOTP_SECRETS['derm2@dermlink.test']!));
  await expect(page.getByRole('heading', { level: 1, name: 'Where are you working today?' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: /Maison de santé de Figeac/ }).click();
  await expect(page).toHaveURL(/\/cases/);
  expect((await sessionRole(page))?.role).toBe('requester');
});

test('a case link opened while signed out leads to sign-in (password and code), then to the case; nothing of it in the address', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const gpContext = await browser.newContext({ locale: 'en-GB' });
  const gpPage = await gpContext.newPage();
  await signInAs(gpPage, 'gp@dermlink.test');
  const { caseId } = await sendRequestFor(await apiAs(gpPage), 'Moreau', 'Is this a seborrhoeic keratosis?');
  await gpContext.close();

  // The dermatologist follows the notification email's link, signed out.
  await page.goto(`/queue/${caseId}`);
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByText('Sign in to open the page you asked for: we will take you straight there.')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await passwordStep(page, 'derm@dermlink.test', DEMO_PASSWORD, { open: false });
  await codeStep(page, await totp(DEMO_TOTP_SECRETS['derm@dermlink.test']!));
  await expect(page).toHaveURL(new RegExp(`/queue/${caseId}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'MOREAU Jean' })).toBeVisible();
  // Used once: forgotten on arrival.
  expect(await page.evaluate(() => localStorage.getItem('dermlink:return-to'))).toBeNull();

  // A remembered page that is not of this origin is never followed: home instead.
  await page.goto('/sign-out');
  await expect(page.getByRole('link', { name: 'Sign in as a health professional' })).toBeVisible();
  await page.evaluate(() => localStorage.setItem('dermlink:return-to', JSON.stringify({ path: '//evil.example/queue', until: Date.now() + 60_000 })));
  await passwordStep(page, 'derm@dermlink.test', DEMO_PASSWORD);
  await codeStep(page, await totp(DEMO_TOTP_SECRETS['derm@dermlink.test']!));
  await expect(page).toHaveURL(/\/queue$/);
});
