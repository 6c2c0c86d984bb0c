// Mail at start: SMTP_URL when set; otherwise, in the embedded default (no
// DATABASE_URL, not production), a local maildev catcher on loopback whose
// web page shows every email (printed at start).
import type { Services } from '../context.ts';
import { createMailer, type Mailer } from './mailer.ts';

export async function startAuthMail(services: Services): Promise<{ notes: string[]; stop: () => Promise<void> }> {
  const { config } = services;
  if (config.smtpUrl) {
    const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
    services.mailer = mailer;
    return { notes: [`  mail: SMTP (SMTP_URL)`], stop: () => mailer.close() };
  }
  if (!config.databaseUrl && config.env !== 'production') {
    // Loaded only here: maildev brings jsdom and a mail parser, which a server with SMTP_URL never needs.
    const { startLocalMailCatcher } = await import('./maildev.ts');
    const catcher = await startLocalMailCatcher();
    const mailer: Mailer = createMailer({ smtpUrl: catcher.smtpUrl, from: config.mailFrom });
    services.mailer = mailer;
    return {
      notes: [`  mail: local catcher, read the emails at ${catcher.webUrl} (SMTP ${catcher.smtpUrl})`],
      stop: async () => {
        await mailer.close();
        await catcher.stop();
      },
    };
  }
  return { notes: ['  mail: WARNING no SMTP_URL set, emails (sign-in links, invitations, resets) are not sent'], stop: async () => {} };
}
