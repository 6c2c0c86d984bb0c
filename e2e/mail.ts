// Reading the email the app sent, from the local mail catcher (maildev) that
// the server starts beside itself when no SMTP_URL is set. Its web port is
// fixed for the run in playwright.config.ts (MAILDEV_WEB_PORT).
import { expect, type Page } from '@playwright/test';

interface MaildevMail {
  subject: string;
  text?: string;
  html?: string;
  to: Array<{ address: string }>;
  time?: string;
}

const base = () => `http://127.0.0.1:${process.env.E2E_MAILDEV_WEB_PORT}`;

async function inbox(): Promise<MaildevMail[]> {
  for (const path of ['/api/email', '/email']) {
    const res = await fetch(`${base()}${path}`).catch(() => null);
    if (res?.ok) return (await res.json()) as MaildevMail[];
  }
  return [];
}

const mailsTo = async (to: string) => (await inbox()).filter((m) => m.to.some((t) => t.address.toLowerCase() === to.toLowerCase()));

/**
 * On the patient sign-in form: asks for a link for `email`, waits for THAT email (not an earlier
 * one to the same patient, whose link was already used) and follows it, in `opts.linkIn` (another
 * tab, say) or the same page, to the patient's space or `opts.landsOn`.
 */
export async function signInPatientByEmail(page: Page, email: string, opts: { linkIn?: Page; landsOn?: RegExp } = {}): Promise<void> {
  const before = (await mailsTo(email)).length;
  await page.getByLabel('Your email address').fill(email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'We sent you a link' })).toBeVisible();
  // Emails are delivered by jobs, so another one to this patient (a booking confirmation) may
  // arrive just after this one: take the newest that carries a sign-in link.
  let link: string | null = null;
  await expect
    .poll(
      async () => {
        const sign = (await mailsTo(email)).slice(before).filter((m) => `${m.text ?? ''}\n${m.html ?? ''}`.includes('/patient/sign-in/link'));
        link = sign.length > 0 ? linkTo(sign.at(-1)!, '/patient/sign-in/link') : null;
        return link !== null;
      },
      { message: `a new sign-in email to ${email}`, timeout: 15_000 },
    )
    .toBe(true);
  const tab = opts.linkIn ?? page;
  await tab.goto(link!);
  await expect(tab).toHaveURL(opts.landsOn ?? /\/my-care$/);
}

/** The latest message to `to` (waits for it to arrive). */
export async function latestMailTo(to: string): Promise<MaildevMail> {
  let found: MaildevMail | undefined;
  await expect
    .poll(
      async () => {
        found = (await inbox()).filter((m) => m.to.some((t) => t.address.toLowerCase() === to.toLowerCase())).at(-1);
        return !!found;
      },
      { message: `an email to ${to}`, timeout: 15_000 },
    )
    .toBe(true);
  return found!;
}

/** The latest message to `to` that links to `page`: waits for it, past earlier emails to the same person. */
export async function mailLinkingTo(to: string, page: string): Promise<MaildevMail> {
  let found: MaildevMail | undefined;
  await expect
    .poll(
      async () => {
        found = (await mailsTo(to)).filter((m) => `${m.text ?? ''}\n${m.html ?? ''}`.includes(page)).at(-1);
        return !!found;
      },
      { message: `an email to ${to} linking to ${page}`, timeout: 15_000 },
    )
    .toBe(true);
  return found!;
}

/** The first link of the message that leads to `page` (path), as path + fragment for page.goto. */
export function linkTo(mail: MaildevMail, page: string): string {
  const body = `${mail.text ?? ''}\n${mail.html ?? ''}`;
  const match = new RegExp(`https?://[^\\s"<>]*${page.replace(/[/]/g, '\\/')}[^\\s"<>]*`).exec(body);
  if (!match) throw new Error(`no link to ${page} in "${mail.subject}"`);
  const url = new URL(match[0].replace(/&amp;/g, '&'));
  return `${url.pathname}${url.search}${url.hash}`;
}
